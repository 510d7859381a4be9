// Parses CMS RecipientInfos (RFC 5652 6.2) into typed records plus a readable description of each recipient,
// so callers can both pick the one matching our key and tell the user whom a message was encrypted for.

import { EngineError } from '../errors';
import { toHex } from '../bytes';
import {
  children,
  expectTag,
  octets,
  raw,
  readAlgorithmIdentifier,
  readBitStringBytes,
  readOid,
  readUnsignedIntBytes,
  type AlgorithmIdentifier,
  type Tlv,
} from './ber';
import { nameToString } from './name-string';
import { describeOaep, readOaepParams } from './oaep-params';
import { KEY_AGREEMENT_SCHEMES, OID, oidName } from './oids';

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
  algorithm: AlgorithmIdentifier;
  encryptedKey: Uint8Array;
  description: RecipientDescription;
}

export interface KeyAgreeRecipient {
  type: 'kari';
  rid: RecipientIdentifier;
  /** Present when the originator used an ephemeral key (the only form we can decrypt). */
  originatorKey?: { algorithmOid: string; curveOid?: string; publicKey: Uint8Array };
  ukm?: Uint8Array;
  algorithm: AlgorithmIdentifier;
  keyWrap: AlgorithmIdentifier;
  encryptedKey: Uint8Array;
  description: RecipientDescription;
}

export interface OtherRecipient {
  type: 'kekri' | 'pwri' | 'ori';
  description: RecipientDescription;
}

export type ParsedRecipient = KeyTransRecipient | KeyAgreeRecipient | OtherRecipient;

const MAX_RECIPIENTS = 1000;

function readIssuerSerial(t: Tlv): RecipientIdentifier & { kind: 'issuer-serial' } {
  const [issuer, serial] = children(expectTag(t, 0x30, 'IssuerAndSerialNumber'));
  expectTag(issuer, 0x30, 'issuer');
  return { kind: 'issuer-serial', issuerDer: raw(issuer), serial: readUnsignedIntBytes(serial) };
}

function describeId(rid: RecipientIdentifier, issuerTlv?: Tlv): Pick<RecipientDescription, 'id' | 'issuer' | 'serial' | 'subjectKeyIdentifier'> {
  if (rid.kind === 'ski') {
    const ski = toHex(rid.ski);
    return { id: `subjectKeyIdentifier ${ski}`, subjectKeyIdentifier: ski };
  }
  const issuer = issuerTlv ? nameToString(issuerTlv) : '';
  const serial = toHex(rid.serial);
  return { id: `issuer "${issuer}", serial ${serial}`, issuer, serial };
}

function ktriAlgorithmName(alg: AlgorithmIdentifier): string {
  if (alg.oid === OID.rsaesOaep) {
    try {
      return describeOaep(readOaepParams(alg.params));
    } catch {
      return 'RSAES-OAEP (unsupported parameters)';
    }
  }
  return oidName(alg.oid);
}

function parseKtri(t: Tlv): KeyTransRecipient {
  const f = children(t);
  if (f.length !== 4) throw new EngineError('malformed', 'Malformed CMS structure: KeyTransRecipientInfo');
  let rid: RecipientIdentifier;
  let issuerTlv: Tlv | undefined;
  if (f[1].tag === 0x30) {
    rid = readIssuerSerial(f[1]);
    issuerTlv = children(f[1])[0];
  } else if (f[1].tag === 0x80 || f[1].tag === 0xa0) {
    rid = { kind: 'ski', ski: octets(f[1]) };
  } else throw new EngineError('malformed', 'Malformed CMS structure: KeyTransRecipientInfo rid');
  const algorithm = readAlgorithmIdentifier(f[2], 'keyEncryptionAlgorithm');
  const encryptedKey = octets(expectTag(f[3], f[3].constructed ? 0x24 : 0x04, 'encryptedKey'));
  return { type: 'ktri', rid, algorithm, encryptedKey, description: { type: 'ktri', ...describeId(rid, issuerTlv), algorithm: ktriAlgorithmName(algorithm) } };
}

function parseKari(t: Tlv): KeyAgreeRecipient[] {
  const f = children(t);
  let i = 1; // skip version
  const originatorWrap = expectTag(f[i++], 0xa0, 'originator');
  const orig = children(originatorWrap)[0];
  let originatorKey: KeyAgreeRecipient['originatorKey'];
  if (orig?.tag === 0xa1) {
    const [alg, key] = children(orig);
    const a = readAlgorithmIdentifier(alg, 'originatorKey algorithm');
    originatorKey = {
      algorithmOid: a.oid,
      curveOid: a.params?.tag === 0x06 ? readOid(a.params) : undefined,
      publicKey: readBitStringBytes(key),
    };
  }
  let ukm: Uint8Array | undefined;
  if (f[i]?.tag === 0xa1) ukm = octets(expectTag(children(f[i++])[0], 0x04, 'ukm'));
  const algorithm = readAlgorithmIdentifier(f[i++], 'keyEncryptionAlgorithm');
  if (!algorithm.params) throw new EngineError('malformed', 'Malformed CMS structure: key agreement without key wrap algorithm');
  const keyWrap = readAlgorithmIdentifier(algorithm.params, 'key wrap algorithm');
  const scheme = KEY_AGREEMENT_SCHEMES[algorithm.oid]?.name ?? algorithm.oid;
  const algName = `${scheme}, ${oidName(keyWrap.oid)}`;
  const reks = children(expectTag(f[i], 0x30, 'recipientEncryptedKeys'));
  if (reks.length === 0 || reks.length > MAX_RECIPIENTS) throw new EngineError('malformed', 'Malformed CMS structure: recipientEncryptedKeys');
  return reks.map((rek) => {
    const [ridT, ek] = children(expectTag(rek, 0x30, 'RecipientEncryptedKey'));
    let rid: RecipientIdentifier;
    let issuerTlv: Tlv | undefined;
    if (ridT?.tag === 0x30) {
      rid = readIssuerSerial(ridT);
      issuerTlv = children(ridT)[0];
    } else if (ridT?.tag === 0xa0) {
      rid = { kind: 'ski', ski: octets(expectTag(children(ridT)[0], 0x04, 'rKeyId')) };
    } else throw new EngineError('malformed', 'Malformed CMS structure: KeyAgreeRecipientIdentifier');
    return {
      type: 'kari' as const,
      rid,
      originatorKey,
      ukm,
      algorithm,
      keyWrap,
      encryptedKey: octets(ek),
      description: { type: 'kari' as const, ...describeId(rid, issuerTlv), algorithm: algName },
    };
  });
}

function parseOther(t: Tlv, type: 'kekri' | 'pwri' | 'ori'): OtherRecipient {
  const f = children(t);
  if (type === 'kekri') {
    const kekid = toHex(octets(children(expectTag(f[1], 0x30, 'kekid'))[0]));
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

export function parseRecipientInfos(set: Tlv): ParsedRecipient[] {
  expectTag(set, 0x31, 'recipientInfos');
  const items = children(set);
  if (items.length === 0) throw new EngineError('malformed', 'Malformed CMS structure: no recipients');
  if (items.length > MAX_RECIPIENTS) throw new EngineError('too-large', 'Too many recipients');
  const out: ParsedRecipient[] = [];
  for (const ri of items) {
    switch (ri.tag) {
      case 0x30:
        out.push(parseKtri(ri));
        break;
      case 0xa1:
        out.push(...parseKari(ri));
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
  }
  if (out.length > MAX_RECIPIENTS) throw new EngineError('too-large', 'Too many recipients');
  return out;
}
