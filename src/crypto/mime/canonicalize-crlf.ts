// MIME canonical form uses CRLF line endings; signatures are computed over it. Files and clipboard text
// often carry bare LF (or old-Mac CR), so callers canonicalise before hashing or parsing.

/**
 * Bare LF -> CRLF and lone CR -> CRLF. Returns the SAME array (no copy) when the input is already
 * canonical, so the common case costs one native scan.
 */
export function canonicalizeCrlf(bytes: Uint8Array): Uint8Array {
  const extra = countMissingCr(bytes);
  if (extra === 0) return bytes;
  const out = new Uint8Array(bytes.length + extra);
  let o = 0;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0x0d) {
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      if (i + 1 < n && bytes[i + 1] === 0x0a) i++;
    } else if (b === 0x0a) {
      out[o++] = 0x0d;
      out[o++] = 0x0a;
    } else {
      out[o++] = b;
    }
  }
  return out;
}

/** True when every CR is followed by LF and every LF preceded by CR. */
export function isCanonicalCrlf(bytes: Uint8Array): boolean {
  return countMissingCr(bytes) === 0;
}

// Number of bytes canonicalisation would add: one per bare LF and one per lone CR. Scans a 32-bit word at a
// time and looks at a word's bytes only when one is below 0x0e (CR, LF or a rare control byte): a per-line
// indexOf pair costs several times more on 76-character base64 lines.
export function countMissingCr(bytes: Uint8Array): number {
  const n = bytes.length;
  let extra = 0;
  const check = (i: number): void => {
    const b = bytes[i];
    if (b === 0x0d) {
      if (i + 1 >= n || bytes[i + 1] !== 0x0a) extra++;
    } else if (b === 0x0a) {
      if (i === 0 || bytes[i - 1] !== 0x0d) extra++;
    }
  };
  let i = 0;
  const misaligned = (4 - (bytes.byteOffset & 3)) & 3;
  for (; i < misaligned && i < n; i++) check(i);
  const words = i < n ? (n - i) >> 2 : 0;
  if (words > 0) {
    const w = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      const v = w[k];
      if (((v - 0x0e0e0e0e) & ~v & 0x80808080) !== 0) {
        const p = i + k * 4;
        check(p);
        check(p + 1);
        check(p + 2);
        check(p + 3);
      }
    }
  }
  for (i += words * 4; i < n; i++) check(i);
  return extra;
}
