// What every verify and decrypt in the background checks against: the user's own trust anchors (on top of the
// built-in roots), the keystore's clock, and revocation: the cache always, the network only when the user switched
// online checks on in Settings and granted the host permission (the worker cannot ask for it itself).
import { createOcspCheck } from '../crypto/revocation/ocsp-client';
import { createHttpFetcher } from '../shared/http-fetcher';
import type { VerifyOptions } from './engine-port';
import { getSettings, type Keystore } from './keystore/keystore';
import { listTrustAnchors } from './keystore/trust-anchors';
import { revocationCache } from './revocation-cache';

/** The origins a CRL or OCSP fetch needs; requested as optional_host_permissions from a user gesture. */
export const REVOCATION_ORIGINS = ['http://*/*', 'https://*/*'];

/** Online checks wait at most this long per location, so an unreachable responder delays a verdict only a little. */
const ONLINE_TIMEOUT_MS = 5000;

async function hostPermissionGranted(): Promise<boolean> {
  const permissions = (globalThis as { chrome?: { permissions?: { contains(p: { origins: string[] }): Promise<boolean> } } }).chrome?.permissions;
  if (!permissions) return false;
  try {
    return await permissions.contains({ origins: REVOCATION_ORIGINS });
  } catch {
    return false;
  }
}

export async function verifyOptions(ks: Keystore): Promise<VerifyOptions> {
  const [anchors, settings] = await Promise.all([listTrustAnchors(ks), getSettings(ks)]);
  const online = settings.checkRevocationOnline && (await hostPermissionGranted());
  return {
    trustAnchors: anchors.map((a) => a.der),
    now: new Date(ks.clock.now()),
    revocation: {
      cache: revocationCache(ks),
      fetcher: online ? createHttpFetcher({ timeoutMs: ONLINE_TIMEOUT_MS }) : undefined,
      ocsp: createOcspCheck(),
      require: settings.requireRevocation,
    },
  };
}
