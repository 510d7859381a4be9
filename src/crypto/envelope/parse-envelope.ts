// Splits a CMS ContentInfo holding EnvelopedData (RFC 5652) or AuthEnvelopedData (RFC 5083) into its parts,
// accepting BER (indefinite lengths, constructed OCTET STRINGs) as written by OpenSSL -stream and Outlook.

import { EngineError } from '../errors';
import { parseRecipientInfos, type ParsedRecipient } from './recipient-infos';
import { type Asn1Node, childrenOf, contentBytes, expectIdentifier, identifierOctet, innerBytes, parseBer, rawBytes } from '../asn1/ber-reader';
import { readOid } from '../asn1/read-values';
import { type ParsedAlgorithmIdentifier, readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { OID } from '../asn1/oids';

export interface ParsedEnvelope {
  kind: 'enveloped' | 'auth-enveloped';
  recipients: ParsedRecipient[];
  contentType: string;
  contentEncryptionAlgorithm: ParsedAlgorithmIdentifier;
  encryptedContent: Uint8Array;
  /** AuthEnvelopedData only: DER of authAttrs re-tagged as SET OF (the GCM additional data), if present. */
  authAttrsAad?: Uint8Array;
  /** AuthEnvelopedData only. */
  mac?: Uint8Array;
}

function encryptedContentOf(eci: Asn1Node): Pick<ParsedEnvelope, 'contentType' | 'contentEncryptionAlgorithm' | 'encryptedContent'> {
  const f = childrenOf(expectIdentifier(eci, 0x30, 'EncryptedContentInfo'));
  const contentType = readOid(f[0]);
  const contentEncryptionAlgorithm = readAlgorithmIdentifier(f[1], 'contentEncryptionAlgorithm');
  const ec = f[2];
  if (!ec) throw new EngineError('unsupported-algorithm', 'The encrypted content is detached (not in the message); this is not supported');
  if (identifierOctet(ec) !== 0x80 && identifierOctet(ec) !== 0xa0) throw new EngineError('malformed', 'Malformed CMS structure: encryptedContent');
  return { contentType, contentEncryptionAlgorithm, encryptedContent: contentBytes(ec) };
}

function authAttrsAsSet(t: Asn1Node): Uint8Array {
  if (t.indefinite) throw new EngineError('malformed', 'Malformed CMS structure: authenticated attributes must be DER');
  const der = rawBytes(t).slice();
  der[0] = 0x31; // [1] IMPLICIT SET OF -> universal SET OF for the AAD (RFC 5083 section 2.2)
  return der;
}

export function parseEnvelope(der: Uint8Array): ParsedEnvelope {
  try {
    const ci = childrenOf(expectIdentifier(parseBer(der), 0x30, 'ContentInfo'));
    const type = readOid(ci[0]);
    const wrapper = expectIdentifier(ci[1], 0xa0, 'content');
    const body = childrenOf(expectIdentifier(childrenOf(wrapper)[0], 0x30, 'EnvelopedData'));
    let i = 1; // version
    if (identifierOctet(body[i]) === 0xa0) i++; // originatorInfo (certificates/CRLs) is not needed to decrypt
    const recipients = parseRecipientInfos(body[i++]);
    const eci = encryptedContentOf(body[i++]);
    if (type === OID.envelopedData) {
      return { kind: 'enveloped', recipients, ...eci };
    }
    if (type === OID.authEnvelopedData) {
      let authAttrsAad: Uint8Array | undefined;
      if (identifierOctet(body[i]) === 0xa1) authAttrsAad = authAttrsAsSet(body[i++]);
      const macT = expectIdentifier(body[i], body[i]?.constructed ? 0x24 : 0x04, 'mac');
      return { kind: 'auth-enveloped', recipients, ...eci, authAttrsAad, mac: macT.constructed ? contentBytes(macT) : innerBytes(macT) };
    }
    throw new EngineError('invalid-argument', `Not an encrypted CMS message (content type ${type})`);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError('malformed', 'Malformed CMS structure');
  }
}
