// Splits a CMS ContentInfo holding EnvelopedData (RFC 5652) or AuthEnvelopedData (RFC 5083) into its parts,
// accepting BER (indefinite lengths, constructed OCTET STRINGs) as written by OpenSSL -stream and Outlook.

import { EngineError } from '../errors';
import { children, content, expectTag, octets, raw, readAlgorithmIdentifier, readOid, readRoot, type AlgorithmIdentifier, type Tlv } from './ber';
import { OID } from './oids';
import { parseRecipientInfos, type ParsedRecipient } from './recipient-infos';

export interface ParsedEnvelope {
  kind: 'enveloped' | 'auth-enveloped';
  recipients: ParsedRecipient[];
  contentType: string;
  contentEncryptionAlgorithm: AlgorithmIdentifier;
  encryptedContent: Uint8Array;
  /** AuthEnvelopedData only: DER of authAttrs re-tagged as SET OF (the GCM additional data), if present. */
  authAttrsAad?: Uint8Array;
  /** AuthEnvelopedData only. */
  mac?: Uint8Array;
}

function encryptedContentOf(eci: Tlv): Pick<ParsedEnvelope, 'contentType' | 'contentEncryptionAlgorithm' | 'encryptedContent'> {
  const f = children(expectTag(eci, 0x30, 'EncryptedContentInfo'));
  const contentType = readOid(f[0]);
  const contentEncryptionAlgorithm = readAlgorithmIdentifier(f[1], 'contentEncryptionAlgorithm');
  const ec = f[2];
  if (!ec) throw new EngineError('unsupported-algorithm', 'The encrypted content is detached (not in the message); this is not supported');
  if (ec.tag !== 0x80 && ec.tag !== 0xa0) throw new EngineError('malformed', 'Malformed CMS structure: encryptedContent');
  return { contentType, contentEncryptionAlgorithm, encryptedContent: octets(ec) };
}

function authAttrsAsSet(t: Tlv): Uint8Array {
  if (t.indefinite) throw new EngineError('malformed', 'Malformed CMS structure: authenticated attributes must be DER');
  const der = raw(t).slice();
  der[0] = 0x31; // [1] IMPLICIT SET OF -> universal SET OF for the AAD (RFC 5083 section 2.2)
  return der;
}

export function parseEnvelope(der: Uint8Array): ParsedEnvelope {
  try {
    const ci = children(expectTag(readRoot(der), 0x30, 'ContentInfo'));
    const type = readOid(ci[0]);
    const wrapper = expectTag(ci[1], 0xa0, 'content');
    const body = children(expectTag(children(wrapper)[0], 0x30, 'EnvelopedData'));
    let i = 1; // version
    if (body[i]?.tag === 0xa0) i++; // originatorInfo (certificates/CRLs) is not needed to decrypt
    const recipients = parseRecipientInfos(body[i++]);
    const eci = encryptedContentOf(body[i++]);
    if (type === OID.envelopedData) {
      return { kind: 'enveloped', recipients, ...eci };
    }
    if (type === OID.authEnvelopedData) {
      let authAttrsAad: Uint8Array | undefined;
      if (body[i]?.tag === 0xa1) authAttrsAad = authAttrsAsSet(body[i++]);
      const macT = expectTag(body[i], body[i]?.constructed ? 0x24 : 0x04, 'mac');
      return { kind: 'auth-enveloped', recipients, ...eci, authAttrsAad, mac: macT.constructed ? octets(macT) : content(macT) };
    }
    throw new EngineError('invalid-argument', `Not an encrypted CMS message (content type ${type})`);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError('malformed', 'Malformed CMS structure');
  }
}
