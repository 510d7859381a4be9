// One-line readable form of an X.501 Name (for "this message is for: ..." messages), RFC 4514-ish, most significant RDN first.

import { toHex } from '../bytes';
import { type Asn1Node, childrenOf, identifierOctet, innerBytes } from '../asn1/ber-reader';
import { readOid } from '../asn1/read-values';

const SHORT: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

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

export function nameToString(name: Asn1Node): string {
  const parts: string[] = [];
  for (const rdn of childrenOf(name).slice(0, 64)) {
    const avas = childrenOf(rdn).map((ava) => {
      const [t, v] = childrenOf(ava);
      const oid = readOid(t);
      return `${SHORT[oid] ?? oid}=${valueString(v).replace(/([,+"\\<>;])/g, '\\$1')}`;
    });
    parts.push(avas.join('+'));
  }
  return parts.join(', ');
}
