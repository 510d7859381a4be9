// A private key and its certificate as PEM text, as OpenSSL and some CAs' web tools write them: PKCS#8
// ("PRIVATE KEY"), password-protected PKCS#8 ("ENCRYPTED PRIVATE KEY", PBES2 or the PKCS#12 PBEs), PKCS#1
// ("RSA PRIVATE KEY") and SEC1 ("EC PRIVATE KEY"). Keys are paired with certificates by public key, as in PKCS#12.
import type { Identity } from '../types';
import { pemBlocks, type PemBlock } from '../base64';
import { EngineError, ownText } from '../errors';
import { latin1, utf8 } from '../bytes';
import { expectContext, expectSequence, parseBer, rawBytes } from '../asn1/ber-reader';
import { readOctets, readOid, readSmallInt } from '../asn1/read-values';
import { derAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { derNull, derOctetString, derOid, derSequence, derSmallInt } from '../asn1/der-writer';
import { OID } from '../asn1/oids';
import { decryptPbe } from './decrypt-pbe';
import { WorkBudget } from './limits';
import { pkcs12PasswordCandidates } from './pkcs12-kdf';
import { pairKeys } from './read-pkcs12';
import type { FoundCert, FoundKey } from './collect-safe-bags';

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const KEY_LABELS = new Set(['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);
const MAX_BLOCKS = 64;

/** True when the text holds a private key block (so it should be read as an identity, not a certificate). */
export function hasPemPrivateKey(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  return /-----BEGIN (ENCRYPTED |RSA |EC )?PRIVATE KEY-----/.test(head);
}

function checkPrivateKeyInfo(pkcs8: Uint8Array): void {
  const pki = expectSequence(parseBer(pkcs8), 'PrivateKeyInfo');
  readSmallInt(pki.children[0], 'PrivateKeyInfo version');
  expectSequence(pki.children[1], 'private key algorithm');
  readOctets(pki.children[2], 'private key');
}

async function decryptPkcs8(der: Uint8Array, password: string, budget: WorkBudget): Promise<Uint8Array> {
  const epki = expectSequence(parseBer(der), 'EncryptedPrivateKeyInfo');
  const alg = expectSequence(epki.children[0], 'key encryption algorithm');
  const enc = readOctets(epki.children[1], 'encrypted key');
  const plain = await decryptPbe(alg, enc, { bmp: pkcs12PasswordCandidates(password), utf8: utf8(password) }, budget);
  try {
    checkPrivateKeyInfo(plain); // a lucky padding byte under a wrong password is caught here
  } catch {
    throw new EngineError('wrong-password', 'the key does not decrypt with this password');
  }
  return plain;
}

/** SEC1 ECPrivateKey → PKCS#8, taking the curve from its [0] parameters. */
function sec1ToPkcs8(der: Uint8Array): Uint8Array {
  const key = expectSequence(parseBer(der), 'ECPrivateKey');
  const params = key.children.find((c) => c.cls === 2 && c.tag === 0);
  if (!params) throw new EngineError('unsupported-algorithm', 'an EC private key without its curve');
  const curve = readOid(expectContext(params, 0, 'EC parameters').children[0], 'EC curve');
  return derSequence(derSmallInt(0), derAlgorithmIdentifier(OID.ecPublicKey, derOid(curve)), derOctetString(der));
}

async function keyOf(block: PemBlock, password: string, budget: WorkBudget): Promise<Uint8Array> {
  switch (block.label) {
    case 'PRIVATE KEY':
      checkPrivateKeyInfo(block.der);
      return block.der;
    case 'ENCRYPTED PRIVATE KEY':
      return decryptPkcs8(block.der, password, budget);
    case 'RSA PRIVATE KEY':
      expectSequence(parseBer(block.der), 'RSAPrivateKey');
      return derSequence(derSmallInt(0), derAlgorithmIdentifier(OID.rsaEncryption, derNull()), derOctetString(block.der));
    default:
      return sec1ToPkcs8(block.der);
  }
}

/** Every identity (key + its certificate) in PEM text. Errors: no-private-key, no-certificate, wrong-password, damaged-file. */
export async function readPemIdentities(bytes: Uint8Array, password: string, budget: WorkBudget = new WorkBudget()): Promise<Identity[]> {
  const text = latin1(bytes);
  // OpenSSL's old "traditional" encryption (Proc-Type: 4,ENCRYPTED, MD5-based key derivation).
  if (/Proc-Type:\s*4,ENCRYPTED/i.test(text)) {
    throw new EngineError('unsupported-algorithm', 'a PEM key in the old OpenSSL encryption; convert it with "openssl pkcs8 -topk8 -v2 aes-256-cbc"');
  }
  let blocks: PemBlock[];
  try {
    blocks = pemBlocks(text);
  } catch (e) {
    throw new EngineError('damaged-file', `the PEM file is damaged: ${ownText(e, 'unreadable structure')}`);
  }
  if (blocks.length > MAX_BLOCKS) throw new EngineError('too-large', `more than ${MAX_BLOCKS} PEM blocks`);
  const keys: FoundKey[] = [];
  const certs: FoundCert[] = [];
  for (const b of blocks) {
    try {
      if (CERT_LABELS.has(b.label)) {
        rawBytes(expectSequence(parseBer(b.der), 'Certificate'));
        certs.push({ der: b.der });
      } else if (KEY_LABELS.has(b.label)) {
        keys.push({ pkcs8: await keyOf(b, password, budget) });
      }
    } catch (e) {
      if (e instanceof EngineError && e.code !== 'malformed') throw e;
      throw new EngineError('damaged-file', `the PEM block "${b.label}" is damaged: ${ownText(e, 'unreadable structure')}`);
    }
  }
  if (keys.length === 0) throw new EngineError('no-private-key', 'the file contains no private key (certificates only)');
  const paired = await pairKeys(keys, certs);
  for (const k of paired.unmatchedKeys) k.privateKeyPkcs8.fill(0);
  if (paired.identities.length === 0) throw new EngineError('no-certificate', 'the file has a private key but not its certificate');
  return paired.identities;
}
