// Maps the message API's error codes to plain words for people who do not know what PKCS#12 is.
import type { ErrorCode, RpcError } from '../shared/messages';
import { RpcCallError } from '../shared/rpc';
import { t } from './i18n';

const MESSAGE_FOR: Partial<Record<ErrorCode, string>> = {
  'wrong-password': 'errWrongPassword',
  'no-private-key': 'errNoPrivateKey',
  'empty-file': 'errEmptyFile',
  'damaged-file': 'errDamagedFile',
  'zip-password': 'errZipPassword',
  'corrupt-file': 'errNotIdentityFile',
  'unsupported-algorithm': 'errUnsupportedAlgorithm',
  malformed: 'errMalformed',
  locked: 'errLocked',
  'wrong-passphrase': 'errWrongPassphrase',
  'weak-passphrase': 'errWeakPassphrase',
  'no-passphrase': 'errNoPassphrase',
  'passphrase-already-set': 'errPassphraseAlreadySet',
  'not-found': 'errNotFound',
  'invalid-confirm-token': 'errConfirmExpired',
  'not-for-this-identity': 'errNotForYou',
  'no-identity': 'errNotForYou',
  'auth-failed': 'errAuthFailed',
  'too-large': 'errTooLarge',
  'too-much-work': 'errTooMuchWork',
  disconnected: 'errDisconnected',
  'storage-unavailable': 'errStorageUnavailable',
};

/** Plain-language text for an error code; unknown codes show a generic sentence with the English detail. */
export function errorText(code: ErrorCode | string, detail = ''): string {
  const name = MESSAGE_FOR[code as ErrorCode];
  return name ? t(name) : t('errGeneric', [detail || code]);
}

/** Same for a failed call's error. */
export function rpcErrorText(error: RpcError): string {
  return errorText(error.code, error.message);
}

/** Same for anything thrown by callOrThrow (or elsewhere). */
export function errorTextOf(e: unknown): string {
  if (e instanceof RpcCallError) return errorText(e.code, e.message);
  return t('errGeneric', [e instanceof Error ? e.message : String(e)]);
}
