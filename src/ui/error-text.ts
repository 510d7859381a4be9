// Maps the message API's error codes to plain words for people who do not know what PKCS#12 is.
import type { ErrorCode, RpcError } from '../shared/messages';
import { RpcCallError } from '../shared/rpc';
import { t } from './i18n';

// Every code has its words (a Record, so a new code without a translation does not compile): a code that fell
// through to the generic sentence showed its English detail in the Japanese UI ("問題が発生しました: file is empty.").
const MESSAGE_FOR: Record<ErrorCode, string> = {
  forbidden: 'errInternal',
  'bad-request': 'errInternal',
  'unknown-operation': 'errInternal',
  internal: 'errInternal',
  'not-implemented': 'errInternal',
  'invalid-argument': 'errInternal',
  'signature-not-valid': 'errSignatureNotValid',
  expired: 'errViewExpired',
  'rate-limited': 'errRateLimited',
  'no-recipient-certificate': 'composeErrNoCertificate',
  'oauth-not-configured': 'composeErrNoClientId',
  'oauth-failed': 'composeErrSignIn',
  'oauth-account-mismatch': 'composeErrAccountMismatch',
  'send-unauthorized': 'composeErrUnauthorized',
  'send-quota': 'composeErrQuota',
  'send-network': 'composeErrNetwork',
  'send-server-error': 'composeErrServer',
  'send-rejected': 'composeErrRejected',
  'compose-context-expired': 'composeErrContextExpired',
  'graph-not-authorised': 'errGraphNotAuthorised',
  'send-too-large': 'errSendTooLarge',
  'wrong-password': 'errWrongPassword',
  'no-private-key': 'errNoPrivateKey',
  'no-certificate': 'errNoCertificate',
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

/** Plain-language text for an error code (the detail fills texts that quote it); codes from outside the API show a generic sentence. */
export function errorText(code: ErrorCode | string, detail = ''): string {
  const name = (MESSAGE_FOR as Record<string, string | undefined>)[code];
  return name ? t(name, [detail]) : t('errGeneric', [detail || code]);
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
