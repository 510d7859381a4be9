// Keystore failures carry a message-API error code, so handlers pass them to the UI unchanged.
import type { ErrorCode } from '../../shared/messages';

export class KeystoreError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'KeystoreError';
    this.code = code;
  }
}
