// The content-encryption algorithms we accept (AES-CBC, 3DES-CBC in EnvelopedData; AES-GCM in AuthEnvelopedData),
// their key lengths, and decryption that reports every failure as the same generic 'auth-failed'.

import { EngineError } from '../errors';
import { aesCbcDecrypt, aesGcmDecrypt } from '../primitives/aes-content';
import { tripleDesCbcDecrypt } from '../primitives/des3';
import { pkcs7Unpad } from '../primitives/cbc-padding';
import { decryptionFailed } from '../primitives/decryption-failed';
import { childrenOf, contentBytes, identifierOctet, innerBytes } from '../asn1/ber-reader';
import { readSmallInt } from '../asn1/read-values';
import { type ParsedAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { OID, oidName } from '../asn1/oids';


type Mode = 'cbc' | 'gcm' | '3des';
interface CipherInfo {
  name: string;
  keyLength: number;
  mode: Mode;
}

const CIPHERS: Record<string, CipherInfo> = {
  [OID.aes128Cbc]: { name: 'AES-128-CBC', keyLength: 16, mode: 'cbc' },
  [OID.aes192Cbc]: { name: 'AES-192-CBC', keyLength: 24, mode: 'cbc' },
  [OID.aes256Cbc]: { name: 'AES-256-CBC', keyLength: 32, mode: 'cbc' },
  [OID.aes128Gcm]: { name: 'AES-128-GCM', keyLength: 16, mode: 'gcm' },
  [OID.aes192Gcm]: { name: 'AES-192-GCM', keyLength: 24, mode: 'gcm' },
  [OID.aes256Gcm]: { name: 'AES-256-GCM', keyLength: 32, mode: 'gcm' },
  [OID.desEde3Cbc]: { name: '3DES-CBC', keyLength: 24, mode: '3des' },
};

/** Looks up the content cipher, refusing algorithms we do not implement and AEAD/non-AEAD in the wrong container. */
export function contentCipher(alg: ParsedAlgorithmIdentifier, kind: 'enveloped' | 'auth-enveloped'): CipherInfo {
  const c = CIPHERS[alg.oid];
  if (!c) {
    throw new EngineError('unsupported-algorithm', `The content cipher ${oidName(alg.oid)} is not supported`, { algorithm: alg.oid });
  }
  if ((c.mode === 'gcm') !== (kind === 'auth-enveloped')) {
    throw new EngineError('malformed', `${c.name} is not allowed in ${kind === 'auth-enveloped' ? 'AuthEnvelopedData' : 'EnvelopedData'}`);
  }
  return c;
}

function ivOf(alg: ParsedAlgorithmIdentifier, length: number): Uint8Array {
  if (!alg.params || identifierOctet(alg.params) !== 0x04) throw new EngineError('malformed', 'Missing content cipher IV');
  const iv = innerBytes(alg.params);
  if (iv.length !== length) throw new EngineError('malformed', `The content cipher IV must be ${length} bytes`);
  return iv;
}

function gcmParams(alg: ParsedAlgorithmIdentifier): { nonce: Uint8Array; icvLen: number } {
  if (!alg.params || identifierOctet(alg.params) !== 0x30) throw new EngineError('malformed', 'Missing GCM parameters');
  const [n, l] = childrenOf(alg.params);
  if (!n || identifierOctet(n) !== 0x04) throw new EngineError('malformed', 'Bad GCM nonce');
  const nonce = contentBytes(n);
  const icvLen = l ? readSmallInt(l, 'GCM ICV length') : 12;
  if (nonce.length < 1 || nonce.length > 64) throw new EngineError('malformed', 'Bad GCM nonce length');
  if (icvLen < 12 || icvLen > 16) throw new EngineError('malformed', 'GCM tag length must be 12 to 16 bytes (RFC 5084)');
  return { nonce, icvLen };
}

export interface ContentDecryptInput {
  alg: ParsedAlgorithmIdentifier;
  kind: 'enveloped' | 'auth-enveloped';
  key: Uint8Array;
  ciphertext: Uint8Array;
  mac?: Uint8Array;
  aad?: Uint8Array;
}

export async function decryptContent(input: ContentDecryptInput): Promise<Uint8Array> {
  const c = contentCipher(input.alg, input.kind);
  // A wrong-length key (e.g. from a failed key transport) must look like any other failure.
  if (input.key.length !== c.keyLength) throw decryptionFailed();
  if (c.mode === 'cbc') return aesCbcDecrypt(input.key, ivOf(input.alg, 16), input.ciphertext);
  if (c.mode === '3des') {
    const iv = ivOf(input.alg, 8);
    if (input.ciphertext.length === 0 || input.ciphertext.length % 8 !== 0) throw decryptionFailed();
    try {
      return pkcs7Unpad(tripleDesCbcDecrypt(input.key, iv, input.ciphertext), 8);
    } catch {
      throw decryptionFailed();
    }
  }
  const { nonce, icvLen } = gcmParams(input.alg);
  if (!input.mac || input.mac.length !== icvLen) throw decryptionFailed();
  return aesGcmDecrypt(input.key, nonce, input.ciphertext, input.mac, input.aad);
}
