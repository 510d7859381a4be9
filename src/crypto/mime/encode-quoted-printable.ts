// Quoted-printable encoder (RFC 2045 section 6.7) for outgoing text. Output must survive transports
// that strip trailing whitespace, munge "From " lines or SMTP dot-stuff, or a signature breaks.

const HEX = '0123456789ABCDEF';
const MAX_LINE = 76; // characters per output line, including a trailing soft-break "="

/**
 * Encode bytes as quoted-printable with CRLF line breaks and lines of at most 76 characters.
 * In text mode (default) each CRLF in the input is a hard line break; bare CR or LF are encoded
 * (=0D / =0A). With `binary: true` every CR and LF is encoded and only soft breaks appear.
 * Whitespace before a line break, a "." or "From " at the start of an output line, "=" and any
 * non-printable or 8-bit byte are encoded.
 */
export function encodeQuotedPrintable(data: Uint8Array, opts: { binary?: boolean } = {}): Uint8Array {
  const binary = opts.binary === true;
  const n = data.length;
  // Worst case: 3 chars per byte plus a 3-char soft break every 73 chars.
  const out = new Uint8Array(n * 3 + Math.ceil((n * 3) / 72) * 3 + 4);
  let o = 0;
  let col = 0;

  const hardBreak = (i: number): boolean => !binary && data[i] === 0x0d && i + 1 < n && data[i + 1] === 0x0a;

  for (let i = 0; i < n; i++) {
    if (hardBreak(i)) {
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      col = 0;
      i++;
      continue;
    }
    const b = data[i];
    // Is this the last byte before a hard break (or the end)? Then trailing whitespace must be encoded,
    // and the token may use the last column since no soft break follows it.
    const lastOnLine = i + 1 >= n || hardBreak(i + 1);
    let len = tokenLength(data, i, col === 0, lastOnLine);
    const limit = lastOnLine ? MAX_LINE : MAX_LINE - 1;
    if (col + len > limit) {
      out[o++] = 0x3d;
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      col = 0;
      len = tokenLength(data, i, true, lastOnLine);
    }
    if (len === 3) {
      out[o++] = 0x3d;
      out[o++] = HEX.charCodeAt(b >> 4);
      out[o++] = HEX.charCodeAt(b & 15);
    } else {
      out[o++] = b;
    }
    col += len;
  }
  return out.slice(0, o);
}

// 1 if the byte at i can be written literally, 3 if it must be "=XX".
function tokenLength(data: Uint8Array, i: number, lineStart: boolean, lastOnLine: boolean): 1 | 3 {
  const b = data[i];
  if (b === 0x20 || b === 0x09) return lastOnLine ? 3 : 1;
  if (b < 0x21 || b > 0x7e || b === 0x3d) return 3;
  if (lineStart) {
    if (b === 0x2e) return 3; // "." (SMTP dot-stuffing)
    if (b === 0x46 && data[i + 1] === 0x72 && data[i + 2] === 0x6f && data[i + 3] === 0x6d && data[i + 4] === 0x20) {
      return 3; // "From " (mbox munging)
    }
  }
  return 1;
}
