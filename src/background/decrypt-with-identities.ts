// Decrypts with whichever of the user's identities the message is for, trying the newest first (recent mail is
// most likely for the newest key). Each private key is unwrapped only for its own attempt.
import { isEngineError } from '../crypto/errors';
import type { DecryptOutcome } from '../shared/messages';
import type { EnginePort, VerifyOptions } from './engine-port';
import { listIdentities, withPrivateKey } from './keystore/identities';
import type { Keystore } from './keystore/keystore';
import { KeystoreError } from './keystore/keystore-error';

export async function decryptWithIdentities(
  ks: Keystore,
  engine: EnginePort,
  message: Uint8Array,
  opts: VerifyOptions,
): Promise<{ outcome: DecryptOutcome; identityId: string }> {
  const candidates = (await listIdentities(ks)).sort((a, b) => b.addedAt.localeCompare(a.addedAt));
  for (const c of candidates) {
    try {
      const outcome = await withPrivateKey(ks, c.id, (identity) => engine.decryptMessage(message, identity, opts));
      return { outcome, identityId: c.id };
    } catch (e) {
      if (isEngineError(e) && e.code === 'not-for-this-identity') continue;
      throw e;
    }
  }
  throw new KeystoreError('not-for-this-identity', 'This message is not encrypted for any of your identities.');
}
