// PBKDF2 (RFC 8018) as PKCS#12 files use it twice: PBES2 encryption of bags and the RFC 9579 PBMAC1 integrity
// MAC. One reader for its parameters and one derivation, both charged to the file's work budget.
import { EngineError } from '../errors';
import { toArrayBuffer } from '../bytes';
import { type Asn1Node, CLASS_UNIVERSAL, expectSequence, TAG_INTEGER, TAG_OCTET_STRING } from '../asn1/ber-reader';
import { readOctets, readOid, readSmallInt } from '../asn1/read-values';
import { OID } from '../asn1/oids';
import { PRF_HASH, unsupported } from './decrypt-pbe';
import type { Pkcs12Hash } from './pkcs12-kdf';
import { ITERATION_COST, type WorkBudget } from './limits';

export interface Pbkdf2Params {
  salt: Uint8Array;
  iterations: number;
  /** Derived key length in bytes, when the parameters state it. */
  keyLength?: number;
  prf: Pkcs12Hash;
}

/** A keyDerivationFunc AlgorithmIdentifier that must be PBKDF2 with a specified (OCTET STRING) salt. */
export function readPbkdf2Params(kdfNode: Asn1Node | undefined, context: string): Pbkdf2Params {
  const kdf = expectSequence(kdfNode, `${context} key derivation function`);
  const kdfOid = readOid(kdf.children[0], `${context} KDF`);
  if (kdfOid !== OID.pbkdf2) throw unsupported(`${context} key derivation`, kdfOid);
  const kp = expectSequence(kdf.children[1], 'PBKDF2 parameters');
  if (kp.children[0]?.tag !== TAG_OCTET_STRING) throw new EngineError('unsupported-algorithm', 'PBKDF2 salt from another source is not supported');
  const salt = readOctets(kp.children[0], 'PBKDF2 salt');
  const iterations = readSmallInt(kp.children[1], 'PBKDF2 iterations');
  let idx = 2;
  let keyLength: number | undefined;
  if (kp.children[idx]?.cls === CLASS_UNIVERSAL && kp.children[idx]?.tag === TAG_INTEGER) {
    keyLength = readSmallInt(kp.children[idx], 'PBKDF2 key length');
    idx++;
  }
  let prf: Pkcs12Hash = 'SHA-1';
  if (kp.children[idx]) {
    const prfOid = readOid(expectSequence(kp.children[idx], 'PBKDF2 PRF').children[0], 'PBKDF2 PRF');
    const h = PRF_HASH[prfOid];
    if (!h) throw unsupported('PBKDF2 PRF', prfOid);
    prf = h;
  }
  return { salt, iterations, keyLength, prf };
}

/** `bytes` of PBKDF2 output, after charging the iterations to the budget (so hostile counts fail first). */
export async function derivePbkdf2(password: Uint8Array, p: Pbkdf2Params, bytes: number, budget: WorkBudget, what: string): Promise<Uint8Array> {
  budget.spend(p.iterations, what, ITERATION_COST.PBKDF2);
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', toArrayBuffer(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: p.prf, salt: toArrayBuffer(p.salt), iterations: p.iterations }, base, bytes * 8));
}
