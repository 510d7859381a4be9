// RSASSA-PKCS1-v1_5 verification by hand (RFC 8017 §8.2.2), for digests WebCrypto cannot pair with RSA (SHA-224).
// Public-key operation only, so BigInt timing is irrelevant; we rebuild the expected encoding and compare bytes.
import { bytesEqual, concatBytes, fromHex } from '../bytes';
import { bigIntToBytes, bytesToBigInt, modPow } from '../primitives/bigint';

// DigestInfo prefixes (RFC 8017 §9.2 note 1) for the digests routed here.
const DIGEST_INFO_PREFIX: Record<string, Uint8Array> = {
  'SHA-224': fromHex('302d300d06096086480165030402040500041c'),
};

/** n and e are unsigned big-endian magnitudes; `hash` is the already computed digest of the signed bytes. */
export function verifyRsaPkcs1Raw(n: Uint8Array, e: Uint8Array, digestName: string, hash: Uint8Array, sig: Uint8Array): boolean {
  const prefix = DIGEST_INFO_PREFIX[digestName];
  if (!prefix) return false;
  const k = n.length;
  if (sig.length !== k) return false;
  const modulus = bytesToBigInt(n);
  const s = bytesToBigInt(sig);
  if (s >= modulus) return false;
  const exponent = bytesToBigInt(e);
  if (exponent > 0xffffffffn) return false; // refuse absurd exponents (work bound)
  const em = bigIntToBytes(modPow(s, exponent, modulus), k);
  const t = concatBytes(prefix, hash);
  if (k < t.length + 11) return false;
  const expected = new Uint8Array(k);
  expected[1] = 0x01;
  expected.fill(0xff, 2, k - t.length - 1);
  expected.set(t, k - t.length);
  return bytesEqual(em, expected);
}
