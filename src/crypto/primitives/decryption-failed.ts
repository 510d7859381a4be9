// The single, deliberately uninformative error for any decryption failure (bad padding, wrong key, bad tag), so
// no step of key transport or content decryption can be told apart by a caller (no padding oracle).

import { EngineError } from '../errors';

export const DECRYPTION_FAILED_MESSAGE = 'The message could not be decrypted; it may have been altered.';

export function decryptionFailed(): EngineError {
  return new EngineError('auth-failed', DECRYPTION_FAILED_MESSAGE);
}
