// Readable form of a raw DER X.501 Name (for "this message is for: ..." messages), in the same RFC 4514 form as
// certificate summaries, so a recipient and the matching certificate print alike.

import { toHex } from '../bytes';
import { type Asn1Node, childrenOf, identifierOctet, innerBytes, rawBytes } from '../asn1/ber-reader';
import { readOid } from '../asn1/read-values';
import { formatNameAttributes } from '../x509/format-name';
import type { NameAttribute } from '../x509/name-attributes';

function valueString(v: Asn1Node): string {
  const b = innerBytes(v);
  switch (identifierOctet(v)) {
    case 0x0c: // UTF8String
      return new TextDecoder().decode(b);
    case 0x1e: {
      // BMPString
      let s = '';
      for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
      return s;
    }
    case 0x13:
    case 0x16:
    case 0x14:
    case 0x1a:
      return String.fromCharCode(...b.subarray(0, 1024));
    default:
      return '#' + toHex(b);
  }
}

/** The same RFC 4514 form the certificate summaries use (x509/format-name.ts), from a raw DER Name. */
export function nameToString(name: Asn1Node): string {
  const attributes: NameAttribute[] = [];
  for (const rdn of childrenOf(name).slice(0, 64)) {
    for (const ava of childrenOf(rdn)) {
      const [t, v] = childrenOf(ava);
      const text = valueString(v);
      attributes.push({ oid: readOid(t), text: text.startsWith('#') ? undefined : text, derHex: toHex(rawBytes(v)) });
    }
  }
  return formatNameAttributes(attributes);
}
