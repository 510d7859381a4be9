// Imports a PKCS#12 / PFX file (DER or PEM-armoured) into Identities: MAC checked before any decryption,
// legacy and PBES2 encryption, and each key paired with its certificate by public key.
// Errors: empty-file, damaged-file (a PKCS#12 cut short or damaged), corrupt-file (not a PKCS#12 at all),
// wrong-password (the MAC does not match: a wrong password, or damage we cannot tell from one),
// unsupported-algorithm, no-private-key, no-certificate (a key alone), too-large.

import type { Identity, KeyAlgorithmName } from '../types';
import { EngineError, foreignError } from '../errors';
import { bytesEqual, latin1, toHex, utf8 } from '../bytes';
import { pemBlocks } from '../base64';
import { collectSafeBags, type FoundCert, type FoundKey } from './collect-safe-bags';
import { certificatePublicKey, detectKeyAlgorithm, factsMatchCertificate, keyPublicFacts } from './key-matches-certificate';
import { MAX_PFX_BYTES, WorkBudget } from './limits';
import { normalizeEcKey } from './normalize-ec-key';
import { pkcs12PasswordCandidates } from './pkcs12-kdf';
import { startsLikePfx } from './sniff-file';
import { verifyPfxMac } from './verify-mac';
import { type Asn1Node, expectContext, expectSequence, parseBer, rawBytes } from '../asn1/ber-reader';
import { readOctets, readOid, readSmallInt } from '../asn1/read-values';
import { OID } from '../asn1/oids';

export interface UnmatchedKey {
  privateKeyPkcs8: Uint8Array;
  keyAlgorithm: KeyAlgorithmName;
  friendlyName?: string;
}

export interface Pkcs12Contents {
  /** Every private key that has its certificate in the file. */
  identities: Identity[];
  /** Every X.509 certificate in the file, in file order. */
  certificates: Uint8Array[];
  /** Keys whose certificate is not in the file. */
  unmatchedKeys: UnmatchedKey[];
}

/** PEM armour ("-----BEGIN PKCS12-----") is accepted and decoded; anything else is taken as DER. */
function unarmour(bytes: Uint8Array): Uint8Array {
  const head = latin1(bytes.subarray(0, 64)).trimStart();
  if (!head.startsWith('-----BEGIN')) return bytes;
  // The shared PEM scanner is linear; a lazy BEGIN…END regular expression is quadratic on many BEGIN lines.
  let blocks;
  try {
    blocks = pemBlocks(latin1(bytes));
  } catch (e) {
    throw new EngineError('corrupt-file', `PEM armour: ${e instanceof EngineError ? e.message : 'unreadable'}`);
  }
  if (blocks.length === 0) throw new EngineError('corrupt-file', 'PEM armour without an END line');
  return blocks[0].der;
}

interface ParsedPfx {
  authSafeContent: Uint8Array;
  macData?: Asn1Node;
}

function parsePfx(der: Uint8Array): ParsedPfx {
  const pfx = expectSequence(parseBer(der), 'PFX');
  const version = readSmallInt(pfx.children[0], 'PFX version');
  if (version !== 3) throw new EngineError('corrupt-file', `not a PKCS#12 v3 file (version ${version})`);
  const authSafe = expectSequence(pfx.children[1], 'authSafe ContentInfo');
  const type = readOid(authSafe.children[0], 'authSafe content type');
  if (type !== OID.data) {
    throw new EngineError('unsupported-algorithm', `PKCS#12 integrity mode ${type} (public-key signed) is not supported`, {
      oid: type,
    });
  }
  const authSafeContent = readOctets(expectContext(authSafe.children[1], 0, 'authSafe content').children[0], 'authSafe');
  return { authSafeContent, macData: pfx.children[2] };
}

function certIssuerSubject(der: Uint8Array): { issuer: Uint8Array; subject: Uint8Array } | undefined {
  try {
    const tbs = expectSequence(expectSequence(parseBer(der), 'Certificate').children[0], 'TBSCertificate');
    const o = tbs.children[0]?.cls === 2 && tbs.children[0]?.tag === 0 ? 1 : 0;
    return { issuer: rawBytes(tbs.children[2 + o]), subject: rawBytes(tbs.children[4 + o]) };
  } catch {
    return undefined;
  }
}

type IssuerSubject = { issuer: Uint8Array; subject: Uint8Array } | undefined;

/** Every certificate's names, read once, and the certificates by subject (file order kept). */
function indexNames(certs: Uint8Array[]): { names: Map<Uint8Array, IssuerSubject>; bySubject: Map<string, Uint8Array[]> } {
  const names = new Map<Uint8Array, IssuerSubject>();
  const bySubject = new Map<string, Uint8Array[]>();
  for (const c of certs) {
    const n = certIssuerSubject(c);
    names.set(c, n);
    if (!n) continue;
    const k = toHex(n.subject);
    const list = bySubject.get(k);
    if (list) list.push(c);
    else bySubject.set(k, [c]);
  }
  return { names, bySubject };
}

/**
 * The other certificates, issuer chain of the leaf first (leaf → root), then whatever remains. Looks issuers up
 * by subject: a file with hundreds of keys and certificates must not cost keys × certificates² name parses.
 */
function orderChain(leaf: Uint8Array, others: Uint8Array[], index: ReturnType<typeof indexNames>): Uint8Array[] {
  const available = new Set(others);
  const chain: Uint8Array[] = [];
  let current = index.names.get(leaf) ?? certIssuerSubject(leaf);
  while (current && available.size > 0) {
    if (bytesEqual(current.issuer, current.subject)) break; // self-signed: end of chain
    const next = index.bySubject.get(toHex(current.issuer))?.find((c) => available.has(c));
    if (!next) break;
    available.delete(next);
    chain.push(next);
    current = index.names.get(next);
  }
  return [...chain, ...others.filter((c) => available.has(c))];
}

/** Keys paired with their certificates by public key (for PKCS#12 bags and PEM files alike). */
export async function pairKeys(keys: FoundKey[], certs: FoundCert[]): Promise<Pkcs12Contents> {
  const identities: Identity[] = [];
  const unmatchedKeys: UnmatchedKey[] = [];
  const allCerts = certs.map((c) => c.der);
  const index = indexNames(allCerts);
  // Each certificate's and each key's public key is read once; the pairs are then only compared.
  const certKeys = certs.map((c) => {
    try {
      return certificatePublicKey(c.der);
    } catch {
      return undefined;
    }
  });
  for (const found of keys) {
    const key = { ...found, pkcs8: normalizeEcKey(found.pkcs8) };
    const facts = await keyPublicFacts(key.pkcs8);
    let match: FoundCert | undefined;
    let undecidable = false;
    for (const [i, cert] of certs.entries()) {
      const certKey = certKeys[i];
      const r = certKey ? factsMatchCertificate(facts, certKey) : false;
      if (r === true) {
        match = cert;
        break;
      }
      if (r === undefined) undecidable = true;
    }
    // Only for key types we cannot derive a public key from: fall back to localKeyId.
    if (!match && undecidable && key.localKeyId) {
      const id = key.localKeyId;
      match = certs.find((c) => c.localKeyId !== undefined && bytesEqual(c.localKeyId, id));
    }
    const keyAlgorithm = detectKeyAlgorithm(key.pkcs8);
    const friendlyName = key.friendlyName ?? match?.friendlyName;
    if (!match) {
      unmatchedKeys.push({ privateKeyPkcs8: key.pkcs8, keyAlgorithm, ...(friendlyName ? { friendlyName } : {}) });
      continue;
    }
    const leaf = match.der;
    identities.push({
      certificate: leaf,
      chain: orderChain(leaf, allCerts.filter((c) => c !== leaf && !bytesEqual(c, leaf)), index),
      privateKeyPkcs8: key.pkcs8,
      keyAlgorithm,
      ...(friendlyName ? { friendlyName } : {}),
    });
  }
  return { identities, certificates: allCerts, unmatchedKeys };
}

/**
 * Reads every key and certificate in a PKCS#12 file. `budget` bounds the key-derivation work; pass one shared
 * budget when several files belong to one import (a ZIP).
 */
export async function readPkcs12All(bytes: Uint8Array, password: string, budget: WorkBudget = new WorkBudget()): Promise<Pkcs12Contents> {
  if (!(bytes instanceof Uint8Array) || typeof password !== 'string') {
    throw new EngineError('invalid-argument', 'readPkcs12 needs bytes and a password string');
  }
  if (bytes.length > MAX_PFX_BYTES) throw new EngineError('too-large', `PKCS#12 file larger than ${MAX_PFX_BYTES} bytes`);
  if (bytes.length === 0) throw new EngineError('empty-file', 'the file is empty');
  let der: Uint8Array | undefined;
  try {
    der = unarmour(bytes);
    const { authSafeContent, macData } = parsePfx(der);
    const candidates = pkcs12PasswordCandidates(password);
    const utf8Password = utf8(password);
    let bmp = candidates;
    if (macData) {
      const matched = await verifyPfxMac(macData, authSafeContent, candidates, utf8Password, budget);
      if (matched) bmp = [matched, ...candidates.filter((c) => c !== matched)];
    }
    const found = await collectSafeBags(authSafeContent, { bmp, utf8: utf8Password }, budget, macData !== undefined);
    return await pairKeys(found.keys, found.certs);
  } catch (e) {
    // The ASN.1 reader says 'malformed': a file that starts as a PKCS#12 is damaged (often cut short in a
    // download or a mail); anything else is not a PKCS#12 file at all.
    if (e instanceof EngineError && (e.code === 'malformed' || e.code === 'corrupt-file')) {
      const reason = String(e.details?.reason ?? e.message);
      if (der && startsLikePfx(der)) throw new EngineError('damaged-file', `the PKCS#12 file is damaged or incomplete: ${reason}`);
      if (e.code === 'corrupt-file') throw e;
      throw new EngineError('corrupt-file', `not a valid PKCS#12 file: ${reason}`);
    }
    if (e instanceof EngineError) throw e;
    throw foreignError('corrupt-file', 'could not read the PKCS#12 file', e);
  }
}

/** Reads a PKCS#12 file and returns its (first) identity: a private key with its matching certificate. */
export async function readPkcs12(bytes: Uint8Array, password: string, budget?: WorkBudget): Promise<Identity> {
  const all = await readPkcs12All(bytes, password, budget);
  if (all.identities.length > 0) return all.identities[0];
  if (all.unmatchedKeys.length > 0) {
    throw new EngineError('no-certificate', 'the file has a private key but not its certificate');
  }
  throw new EngineError('no-private-key', 'the file contains no private key (certificates only)');
}
