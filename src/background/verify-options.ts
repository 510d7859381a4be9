// What every verify and decrypt in the background checks against: the user's own trust anchors (on top of the
// built-in roots) and the keystore's clock.
import type { VerifyOptions } from './engine-port';
import type { Keystore } from './keystore/keystore';
import { listTrustAnchors } from './keystore/trust-anchors';

export async function verifyOptions(ks: Keystore): Promise<VerifyOptions> {
  const anchors = await listTrustAnchors(ks);
  return { trustAnchors: anchors.map((a) => a.der), now: new Date(ks.clock.now()) };
}
