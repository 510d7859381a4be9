// Reads only the outer ContentInfo contentType OID of CMS bytes, to classify a part whose MIME
// headers do not say what it is. Cheap and bounded: it never parses the inner structure.

export const CMS_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const CMS_ENVELOPED_DATA = '1.2.840.113549.1.7.3';
export const CMS_AUTH_ENVELOPED_DATA = '1.2.840.113549.1.9.16.1.23';

function readLength(b: Uint8Array, i: number): { len: number; next: number } | undefined {
  const first = b[i];
  if (first === undefined) return undefined;
  if (first < 0x80) return { len: first, next: i + 1 };
  if (first === 0x80) return { len: -1, next: i + 1 }; // indefinite (BER)
  const n = first & 0x7f;
  if (n > 4) return undefined;
  let len = 0;
  for (let k = 1; k <= n; k++) {
    const v = b[i + k];
    if (v === undefined) return undefined;
    len = len * 256 + v;
  }
  return { len, next: i + 1 + n };
}

/** The OID of the ContentInfo's contentType, or undefined if the bytes do not start like a ContentInfo. */
export function sniffCmsContentType(der: Uint8Array): string | undefined {
  if (der[0] !== 0x30) return undefined;
  const outer = readLength(der, 1);
  if (!outer || der[outer.next] !== 0x06) return undefined;
  const oidLen = readLength(der, outer.next + 1);
  if (!oidLen || oidLen.len < 1 || oidLen.len > 32) return undefined;
  const body = der.subarray(oidLen.next, oidLen.next + oidLen.len);
  if (body.length !== oidLen.len) return undefined;
  const parts: number[] = [];
  let value = 0;
  for (const byte of body) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}
