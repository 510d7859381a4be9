// Password-based decryption of PKCS#12 contents: PBES2 (PBKDF2 + AES/3DES/DES/RC2, RFC 8018) and the legacy
// PKCS#12 pbeWithSHAAnd* schemes (RFC 7292 Appendix C). A padding failure means a wrong password; an
// unknown algorithm is reported by OID.

import { EngineError } from '../errors';
import { toArrayBuffer } from '../bytes';
import { pkcs7Unpad } from '../primitives/cbc-padding';
import { desCbcDecrypt, tripleDesCbcDecrypt } from '../primitives/des3';
import { rc2CbcDecrypt, rc2VersionToBits } from '../primitives/rc2';
import { KDF_ID, pkcs12Kdf } from './pkcs12-kdf';
import { ITERATION_COST, type WorkBudget } from './limits';
import { type Asn1Node, expectSequence, malformed, TAG_INTEGER } from '../asn1/ber-reader';
import { readOctets, readOid, readSmallInt } from '../asn1/read-values';
import { OID, OID_NAMES } from '../asn1/oids';
import { derivePbkdf2, readPbkdf2Params } from './pbkdf2-params';

/** The password in the encodings the two scheme families need. */
export interface PasswordForms {
  /** PKCS#12 KDF encodings to try in order (the one that verified the MAC first). */
  bmp: Uint8Array[];
  /** PBES2 uses the password's UTF-8 bytes. */
  utf8: Uint8Array;
}

const PKCS12_PBE: Record<string, { cipher: '3des' | 'rc2'; keyLen: number; rc2Bits?: number }> = {
  [OID.pbeSha1TripleDes3Key]: { cipher: '3des', keyLen: 24 },
  [OID.pbeSha1TripleDes2Key]: { cipher: '3des', keyLen: 16 },
  [OID.pbeSha1Rc2_128]: { cipher: 'rc2', keyLen: 16, rc2Bits: 128 },
  [OID.pbeSha1Rc2_40]: { cipher: 'rc2', keyLen: 5, rc2Bits: 40 },
};

export const PRF_HASH: Record<string, 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  [OID.hmacWithSha1]: 'SHA-1',
  [OID.hmacWithSha256]: 'SHA-256',
  [OID.hmacWithSha384]: 'SHA-384',
  [OID.hmacWithSha512]: 'SHA-512',
};

export function unsupported(what: string, oid: string): EngineError {
  const name = OID_NAMES[oid] ? ` (${OID_NAMES[oid]})` : '';
  return new EngineError('unsupported-algorithm', `unsupported ${what} algorithm ${oid}${name}`, { oid });
}

function wrongPassword(): EngineError {
  return new EngineError('wrong-password', 'decryption failed: the password is wrong');
}

/** Decrypts `ciphertext` under the AlgorithmIdentifier `alg`; returns the unpadded plaintext. */
export async function decryptPbe(
  alg: Asn1Node,
  ciphertext: Uint8Array,
  password: PasswordForms,
  budget: WorkBudget,
): Promise<Uint8Array> {
  const seq = expectSequence(alg, 'AlgorithmIdentifier');
  const oid = readOid(seq.children[0], 'encryption algorithm');
  if (oid === OID.pbes2) return decryptPbes2(seq.children[1], ciphertext, password.utf8, budget);
  const scheme = PKCS12_PBE[oid];
  if (!scheme) throw unsupported('encryption', oid);

  const params = expectSequence(seq.children[1], 'PKCS#12 PBE parameters');
  const salt = readOctets(params.children[0], 'PBE salt');
  const iterations = readSmallInt(params.children[1], 'PBE iterations');
  if (ciphertext.length === 0 || ciphertext.length % 8 !== 0) {
    throw new EngineError('corrupt-file', `encrypted content length ${ciphertext.length} is not a multiple of 8`);
  }
  for (const pw of password.bmp) {
    budget.spend(iterations * 2, 'PKCS#12 PBE', ITERATION_COST['SHA-1']);
    const key = await pkcs12Kdf('SHA-1', pw, salt, KDF_ID.key, iterations, scheme.keyLen);
    const iv = await pkcs12Kdf('SHA-1', pw, salt, KDF_ID.iv, iterations, 8);
    const raw =
      scheme.cipher === '3des'
        ? tripleDesCbcDecrypt(key, iv, ciphertext)
        : rc2CbcDecrypt(key, scheme.rc2Bits ?? 128, iv, ciphertext);
    try {
      return pkcs7Unpad(raw, 8);
    } catch {
      // Try the next password encoding, if any.
    }
  }
  throw wrongPassword();
}

interface Pbes2Cipher {
  kind: 'aes' | '3des' | 'des' | 'rc2';
  keyLen: number;
  iv: Uint8Array;
  rc2Bits?: number;
}

function parsePbes2Cipher(enc: Asn1Node, keyLengthParam: number | undefined): Pbes2Cipher {
  const encSeq = expectSequence(enc, 'PBES2 encryption scheme');
  const oid = readOid(encSeq.children[0], 'PBES2 encryption scheme');
  const p = encSeq.children[1];
  switch (oid) {
    case OID.aes128Cbc:
    case OID.aes192Cbc:
    case OID.aes256Cbc: {
      const iv = readOctets(p, 'AES IV');
      if (iv.length !== 16) throw malformed('AES IV must be 16 bytes');
      const keyLen = oid === OID.aes128Cbc ? 16 : oid === OID.aes192Cbc ? 24 : 32;
      return { kind: 'aes', keyLen, iv };
    }
    case OID.desEde3Cbc:
    case OID.desCbc: {
      const iv = readOctets(p, 'DES IV');
      if (iv.length !== 8) throw malformed('DES IV must be 8 bytes');
      return oid === OID.desCbc ? { kind: 'des', keyLen: 8, iv } : { kind: '3des', keyLen: 24, iv };
    }
    case OID.rc2Cbc: {
      const rp = expectSequence(p, 'RC2-CBC parameters');
      let version: number | undefined;
      let ivNode = rp.children[0];
      if (ivNode && ivNode.tag === TAG_INTEGER) {
        version = readSmallInt(ivNode, 'RC2 version');
        ivNode = rp.children[1];
      }
      const iv = readOctets(ivNode, 'RC2 IV');
      if (iv.length !== 8) throw malformed('RC2 IV must be 8 bytes');
      const keyLen = keyLengthParam ?? 16;
      if (keyLen < 1 || keyLen > 128) throw malformed('bad RC2 key length');
      return { kind: 'rc2', keyLen, iv, rc2Bits: version === undefined ? 32 : rc2VersionToBits(version) };
    }
    default:
      throw unsupported('PBES2 encryption', oid);
  }
}

async function decryptPbes2(
  paramsNode: Asn1Node | undefined,
  ciphertext: Uint8Array,
  password: Uint8Array,
  budget: WorkBudget,
): Promise<Uint8Array> {
  const params = expectSequence(paramsNode, 'PBES2 parameters');
  const kdf = readPbkdf2Params(params.children[0], 'PBES2');
  const keyLength = kdf.keyLength;
  const cipher = parsePbes2Cipher(params.children[1], keyLength);
  if (keyLength !== undefined && keyLength !== cipher.keyLen) throw malformed('PBKDF2 key length does not match the cipher');
  const block = cipher.kind === 'aes' ? 16 : 8;
  if (ciphertext.length === 0 || ciphertext.length % block !== 0) {
    throw new EngineError('corrupt-file', `encrypted content length ${ciphertext.length} is not a multiple of ${block}`);
  }

  const keyBytes = await derivePbkdf2(password, kdf, cipher.keyLen, budget, 'PBKDF2');

  if (cipher.kind === 'aes') {
    const subtle = globalThis.crypto.subtle;
    let aesKey: CryptoKey;
    try {
      aesKey = await subtle.importKey('raw', toArrayBuffer(keyBytes), 'AES-CBC', false, ['decrypt']);
    } catch {
      throw new EngineError('unsupported-algorithm', `AES-${cipher.keyLen * 8}-CBC is not available in this WebCrypto`);
    }
    try {
      return new Uint8Array(
        await subtle.decrypt({ name: 'AES-CBC', iv: toArrayBuffer(cipher.iv) }, aesKey, toArrayBuffer(ciphertext)),
      );
    } catch {
      throw wrongPassword();
    }
  }
  const raw =
    cipher.kind === '3des'
      ? tripleDesCbcDecrypt(keyBytes, cipher.iv, ciphertext)
      : cipher.kind === 'des'
        ? desCbcDecrypt(keyBytes, cipher.iv, ciphertext)
        : rc2CbcDecrypt(keyBytes, cipher.rc2Bits ?? 32, cipher.iv, ciphertext);
  try {
    return pkcs7Unpad(raw, 8);
  } catch {
    throw wrongPassword();
  }
}
