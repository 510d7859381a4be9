// Plain words for what can go wrong while sending; anything else falls back to the shared error texts.
import type { ErrorCode } from '../shared/messages';
import { RpcCallError } from '../shared/rpc';
import { errorText } from '../ui/error-text';
import { t } from '../ui/i18n';

const SEND_MESSAGES: Partial<Record<ErrorCode, string>> = {
  'oauth-not-configured': 'composeErrNoClientId',
  'oauth-failed': 'composeErrSignIn',
  'oauth-account-mismatch': 'composeErrAccountMismatch',
  'send-unauthorized': 'composeErrUnauthorized',
  'send-quota': 'composeErrQuota',
  'send-network': 'composeErrNetwork',
  'send-server-error': 'composeErrServer',
  'send-rejected': 'composeErrRejected',
  'send-too-large': 'composeErrTooLarge',
  'no-recipient-certificate': 'composeErrNoCertificate',
  'no-identity': 'composeErrNoIdentity',
  'compose-context-expired': 'composeErrContextExpired',
  locked: 'composeErrLocked',
  disconnected: 'composeErrNetwork',
};

export function sendErrorText(e: unknown): { text: string; code: string; detail: string } {
  if (e instanceof RpcCallError) {
    const key = SEND_MESSAGES[e.code];
    return { text: key ? t(key, [e.message]) : errorText(e.code, e.message), code: e.code, detail: e.message };
  }
  const detail = e instanceof Error ? e.message : String(e);
  return { text: t('errGeneric', [detail]), code: 'internal', detail };
}

/** Failures worth retrying as they are (the draft is kept either way). */
export function isRetryable(code: string): boolean {
  return code === 'send-network' || code === 'send-server-error' || code === 'send-quota' || code === 'disconnected';
}
