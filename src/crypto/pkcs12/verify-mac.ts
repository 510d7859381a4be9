// Checks the PFX integrity MAC before anything is decrypted: HMAC keyed by the PKCS#12 KDF (ID 3), or PBMAC1
// (RFC 9579, HMAC keyed by PBKDF2). A mismatch under every password encoding means "wrong password".

import { EngineError } from '../errors';
import { toArrayBuffer } from '../bytes';
import { KDF_ID, pkcs12Kdf, type Pkcs12Hash } from './pkcs12-kdf';
import { SHA_OUTPUT_BYTES } from '../hash/sync-sha';
import { PRF_HASH, unsupported } from './decrypt-pbe';
import { ITERATION_COST, type WorkBudget } from './limits';
import { type Asn1Node, expectSequence, TAG_INTEGER, TAG_NULL } from '../asn1/ber-reader';
import { readOctets, readOid, readSmallInt } from '../asn1/read-values';
import { OID } from '../asn1/oids';
import { derivePbkdf2, readPbkdf2Params } from './pbkdf2-params';

const DIGEST_HASH: Record<string, Pkcs12Hash> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

async function hmacVerify(hash: Pkcs12Hash, key: Uint8Array, data: Uint8Array, mac: Uint8Array): Promise<boolean> {
  const subtle = globalThis.crypto.subtle;
  const k = await subtle.importKey('raw', toArrayBuffer(key), { name: 'HMAC', hash }, false, ['verify']);
  return subtle.verify('HMAC', k, toArrayBuffer(mac), toArrayBuffer(data));
}

/**
 * Verifies MacData over `authSafeContent`. Returns the PKCS#12 password encoding that matched (so the same
 * one is used to decrypt), or `undefined` for PBMAC1, which keys from the UTF-8 password.
 */
export async function verifyPfxMac(
  macData: Asn1Node,
  authSafeContent: Uint8Array,
  candidates: Uint8Array[],
  utf8Password: Uint8Array,
  budget: WorkBudget,
): Promise<Uint8Array | undefined> {
  const md = expectSequence(macData, 'MacData');
  const digestInfo = expectSequence(md.children[0], 'MAC DigestInfo');
  const alg = expectSequence(digestInfo.children[0], 'MAC algorithm');
  const algOid = readOid(alg.children[0], 'MAC algorithm');
  const mac = readOctets(digestInfo.children[1], 'MAC value');
  const salt = readOctets(md.children[1], 'MAC salt');
  const iterations = md.children[2] && md.children[2].tag === TAG_INTEGER ? readSmallInt(md.children[2], 'MAC iterations') : 1;

  if (algOid === OID.pbmac1) {
    await verifyPbmac1(alg.children[1], authSafeContent, mac, utf8Password, budget);
    return undefined;
  }
  const hash = DIGEST_HASH[algOid];
  if (!hash) throw unsupported('MAC digest', algOid);
  // RFC 5754 §2: SHA digest parameters are absent or NULL. Anything else is damage the MAC cannot reveal.
  const params = alg.children[1];
  if (alg.children.length > 2 || (params && !(params.cls === 0 && params.tag === TAG_NULL && params.contentEnd === params.contentStart))) {
    throw new EngineError('corrupt-file', 'MAC digest algorithm has parameters');
  }
  if (mac.length !== SHA_OUTPUT_BYTES[hash]) throw new EngineError('corrupt-file', 'MAC value has the wrong length');
  for (const pw of candidates) {
    budget.spend(iterations, 'MAC key derivation', ITERATION_COST[hash]);
    const key = await pkcs12Kdf(hash, pw, salt, KDF_ID.mac, iterations, SHA_OUTPUT_BYTES[hash]);
    if (await hmacVerify(hash, key, authSafeContent, mac)) return pw;
  }
  throw new EngineError('wrong-password', 'the password is wrong (integrity MAC does not match)');
}

/** RFC 9579 PBMAC1: PBKDF2 (keyLength required) then HMAC. */
async function verifyPbmac1(
  paramsNode: Asn1Node | undefined,
  data: Uint8Array,
  mac: Uint8Array,
  password: Uint8Array,
  budget: WorkBudget,
): Promise<void> {
  const params = expectSequence(paramsNode, 'PBMAC1 parameters');
  const kdf = readPbkdf2Params(params.children[0], 'PBMAC1');
  const keyLength = kdf.keyLength;
  if (keyLength === undefined || keyLength < 1 || keyLength > 256) throw new EngineError('corrupt-file', 'bad PBMAC1 key length');
  const macOid = readOid(expectSequence(params.children[1], 'PBMAC1 MAC').children[0], 'PBMAC1 MAC');
  const macHash = PRF_HASH[macOid];
  if (!macHash) throw unsupported('PBMAC1 MAC', macOid);

  const key = await derivePbkdf2(password, kdf, keyLength, budget, 'PBMAC1');
  if (!(await hmacVerify(macHash, key, data, mac))) {
    throw new EngineError('wrong-password', 'the password is wrong (integrity MAC does not match)');
  }
}
