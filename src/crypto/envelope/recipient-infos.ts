// Parses CMS RecipientInfos (RFC 5652 6.2) into typed records plus a readable description of each recipient,
// so callers can both pick the one matching our key and tell the user whom a message was encrypted for.

import { EngineError } from '../errors';
import { toHex } from '../bytes';
import { nameToString } from './name-string';
import { describeOaep, readOaepParams } from './oaep-params';
import { type Asn1Node, childrenOf, contentBytes, expectIdentifier, identifierOctet, rawBytes } from '../asn1/ber-reader';
import { readBitStringBytes, readOid, readUnsignedInteger } from '../asn1/read-values';
import { type ParsedAlgorithmIdentifier, readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { OID, oidName } from '../asn1/oids';
import { KEY_AGREEMENT_SCHEMES } from './key-agreement-schemes';

export type RecipientType = 'ktri' | 'kari' | 'kekri' | 'pwri' | 'ori';

export interface RecipientDescription {
  type: RecipientType;
  /** Readable identifier: "issuer <DN>, serial <hex>", "subjectKeyIdentifier <hex>", "KEK id <hex>", ... */
  id: string;
  issuer?: string;
  serial?: string; // lowercase hex
  subjectKeyIdentifier?: string; // lowercase hex
  /** Key transport / agreement algorithm, e.g. "RSAES-PKCS1-v1_5", "ECDH stdDH X9.63-KDF SHA-256, AES-128 key wrap". */
  algorithm: string;
}

export type RecipientIdentifier =
  | { kind: 'issuer-serial'; issuerDer: Uint8Array; serial: Uint8Array }
  | { kind: 'ski'; ski: Uint8Array };

export interface KeyTransRecipient {
  type: 'ktri';
  rid: RecipientIdentifier;
  algorithm: ParsedAlgorithmIdentifier;
  encryptedKey: Uint8Array;
  description: RecipientDescription;
}

export interface KeyAgreeRecipient {
  type: 'kari';
  rid: RecipientIdentifier;
  /** Present when the originator used an ephemeral key (the only form we can decrypt). */
  originatorKey?: { algorithmOid: string; curveOid?: string; publicKey: Uint8Array };
  ukm?: Uint8Array;
  algorithm: ParsedAlgorithmIdentifier;
  keyWrap: ParsedAlgorithmIdentifier;
  encryptedKey: Uint8Array;
  description: RecipientDescription;
}

export interface OtherRecipient {
  type: 'kekri' | 'pwri' | 'ori';
  description: RecipientDescription;
}

export type ParsedRecipient = KeyTransRecipient | KeyAgreeRecipient | OtherRecipient;

const MAX_RECIPIENTS = 1000;

function readIssuerSerial(t: Asn1Node): RecipientIdentifier & { kind: 'issuer-serial' } {
  const [issuer, serial] = childrenOf(expectIdentifier(t, 0x30, 'IssuerAndSerialNumber'));
  expectIdentifier(issuer, 0x30, 'issuer');
  return { kind: 'issuer-serial', issuerDer: rawBytes(issuer), serial: readUnsignedInteger(serial, 'serialNumber') };
}

function describeId(rid: RecipientIdentifier, issuerTlv?: Asn1Node): Pick<RecipientDescription, 'id' | 'issuer' | 'serial' | 'subjectKeyIdentifier'> {
  if (rid.kind === 'ski') {
    const ski = toHex(rid.ski);
    return { id: `subjectKeyIdentifier ${ski}`, subjectKeyIdentifier: ski };
  }
  const issuer = issuerTlv ? nameToString(issuerTlv) : '';
  const serial = toHex(rid.serial);
  return { id: `issuer "${issuer}", serial ${serial}`, issuer, serial };
}

function ktriAlgorithmName(alg: ParsedAlgorithmIdentifier): string {
  if (alg.oid === OID.rsaesOaep) {
    try {
      return describeOaep(readOaepParams(alg.params));
    } catch {
      return 'RSAES-OAEP (unsupported parameters)';
    }
  }
  return oidName(alg.oid);
}

function parseKtri(t: Asn1Node): KeyTransRecipient {
  const f = childrenOf(t);
  if (f.length !== 4) throw new EngineError('malformed', 'Malformed CMS structure: KeyTransRecipientInfo');
  let rid: RecipientIdentifier;
  let issuerTlv: Asn1Node | undefined;
  if (identifierOctet(f[1]) === 0x30) {
    rid = readIssuerSerial(f[1]);
    issuerTlv = childrenOf(f[1])[0];
  } else if (identifierOctet(f[1]) === 0x80 || identifierOctet(f[1]) === 0xa0) {
    rid = { kind: 'ski', ski: contentBytes(f[1]) };
  } else throw new EngineError('malformed', 'Malformed CMS structure: KeyTransRecipientInfo rid');
  const algorithm = readAlgorithmIdentifier(f[2], 'keyEncryptionAlgorithm');
  const encryptedKey = contentBytes(expectIdentifier(f[3], f[3].constructed ? 0x24 : 0x04, 'encryptedKey'));
  return { type: 'ktri', rid, algorithm, encryptedKey, description: { type: 'ktri', ...describeId(rid, issuerTlv), algorithm: ktriAlgorithmName(algorithm) } };
}

function parseKari(t: Asn1Node): KeyAgreeRecipient[] {
  const f = childrenOf(t);
  let i = 1; // skip version
  const originatorWrap = expectIdentifier(f[i++], 0xa0, 'originator');
  const orig = childrenOf(originatorWrap)[0];
  let originatorKey: KeyAgreeRecipient['originatorKey'];
  if (identifierOctet(orig) === 0xa1) {
    const [alg, key] = childrenOf(orig);
    const a = readAlgorithmIdentifier(alg, 'originatorKey algorithm');
    originatorKey = {
      algorithmOid: a.oid,
      curveOid: identifierOctet(a.params) === 0x06 ? readOid(a.params) : undefined,
      publicKey: readBitStringBytes(key, 'originator public key'),
    };
  }
  let ukm: Uint8Array | undefined;
  if (identifierOctet(f[i]) === 0xa1) ukm = contentBytes(expectIdentifier(childrenOf(f[i++])[0], 0x04, 'ukm'));
  const algorithm = readAlgorithmIdentifier(f[i++], 'keyEncryptionAlgorithm');
  if (!algorithm.params) throw new EngineError('malformed', 'Malformed CMS structure: key agreement without key wrap algorithm');
  const keyWrap = readAlgorithmIdentifier(algorithm.params, 'key wrap algorithm');
  const scheme = KEY_AGREEMENT_SCHEMES[algorithm.oid]?.name ?? algorithm.oid;
  const algName = `${scheme}, ${oidName(keyWrap.oid)}`;
  const reks = childrenOf(expectIdentifier(f[i], 0x30, 'recipientEncryptedKeys'));
  if (reks.length === 0 || reks.length > MAX_RECIPIENTS) throw new EngineError('malformed', 'Malformed CMS structure: recipientEncryptedKeys');
  return reks.map((rek) => {
    const [ridT, ek] = childrenOf(expectIdentifier(rek, 0x30, 'RecipientEncryptedKey'));
    let rid: RecipientIdentifier;
    let issuerTlv: Asn1Node | undefined;
    if (identifierOctet(ridT) === 0x30) {
      rid = readIssuerSerial(ridT);
      issuerTlv = childrenOf(ridT)[0];
    } else if (identifierOctet(ridT) === 0xa0) {
      rid = { kind: 'ski', ski: contentBytes(expectIdentifier(childrenOf(ridT)[0], 0x04, 'rKeyId')) };
    } else throw new EngineError('malformed', 'Malformed CMS structure: KeyAgreeRecipientIdentifier');
    return {
      type: 'kari' as const,
      rid,
      originatorKey,
      ukm,
      algorithm,
      keyWrap,
      encryptedKey: contentBytes(ek),
      description: { type: 'kari' as const, ...describeId(rid, issuerTlv), algorithm: algName },
    };
  });
}

function parseOther(t: Asn1Node, type: 'kekri' | 'pwri' | 'ori'): OtherRecipient {
  const f = childrenOf(t);
  if (type === 'kekri') {
    const kekid = toHex(contentBytes(childrenOf(expectIdentifier(f[1], 0x30, 'kekid'))[0]));
    const alg = readAlgorithmIdentifier(f[2], 'keyEncryptionAlgorithm');
    return { type, description: { type, id: `KEK id ${kekid}`, algorithm: `KEK ${oidName(alg.oid)}` } };
  }
  if (type === 'pwri') {
    const alg = readAlgorithmIdentifier(f[f.length - 2], 'keyEncryptionAlgorithm');
    return { type, description: { type, id: 'password', algorithm: `password, ${oidName(alg.oid)}` } };
  }
  const oriType = readOid(f[0]);
  return { type, description: { type, id: `other recipient type ${oriType}`, algorithm: oriType } };
}

export function parseRecipientInfos(set: Asn1Node): ParsedRecipient[] {
  expectIdentifier(set, 0x31, 'recipientInfos');
  const items = childrenOf(set);
  if (items.length === 0) throw new EngineError('malformed', 'Malformed CMS structure: no recipients');
  if (items.length > MAX_RECIPIENTS) throw new EngineError('too-large', 'Too many recipients');
  const out: ParsedRecipient[] = [];
  for (const ri of items) {
    switch (identifierOctet(ri)) {
      case 0x30:
        out.push(parseKtri(ri));
        break;
      case 0xa1:
        for (const r of parseKari(ri)) out.push(r);
        break;
      case 0xa2:
        out.push(parseOther(ri, 'kekri'));
        break;
      case 0xa3:
        out.push(parseOther(ri, 'pwri'));
        break;
      case 0xa4:
        out.push(parseOther(ri, 'ori'));
        break;
      default:
        throw new EngineError('malformed', `Malformed CMS structure: unknown RecipientInfo tag 0x${ri.tag.toString(16)}`);
    }
    // Checked per entry: a thousand key-agreement entries of a thousand keys each would otherwise all be read first.
    if (out.length > MAX_RECIPIENTS) throw new EngineError('too-large', 'Too many recipients');
  }
  if (out.length > MAX_RECIPIENTS) throw new EngineError('too-large', 'Too many recipients');
  return out;
}
