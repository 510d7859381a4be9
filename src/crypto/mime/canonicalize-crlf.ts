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

// Number of bytes canonicalisation would add: one per bare LF and one per lone CR.
function countMissingCr(bytes: Uint8Array): number {
  let extra = 0;
  const n = bytes.length;
  // Jump between line-break bytes with native indexOf; bodies are mostly long runs without them.
  let lf = bytes.indexOf(0x0a);
  let cr = bytes.indexOf(0x0d);
  while (lf !== -1 || cr !== -1) {
    if (cr !== -1 && (lf === -1 || cr < lf)) {
      if (cr + 1 < n && bytes[cr + 1] === 0x0a) {
        lf = bytes.indexOf(0x0a, cr + 2);
      } else {
        extra++;
      }
      cr = bytes.indexOf(0x0d, cr + 1);
    } else {
      extra++; // LF with no CR before it (a CRLF pair was consumed in the branch above)
      lf = bytes.indexOf(0x0a, lf + 1);
    }
  }
  return extra;
}
