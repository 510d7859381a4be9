// Undo Content-Transfer-Encoding (RFC 2045) to get a body's real bytes: what an attachment contains,
// what a CMS blob is, what text to show.
//
// Unknown encodings (x-uuencode, typos) throw EngineError('unsupported-algorithm') rather than passing
// raw bytes through: showing or verifying undecoded bytes as if they were content would be wrong.
import { base64Decode } from '../base64';
import { EngineError } from '../errors';
import type { MimeEntity } from './parse-mime';

/** Decoded body bytes of an entity, per its Content-Transfer-Encoding. */
export function decodeBody(entity: Pick<MimeEntity, 'body' | 'transferEncoding'>): Uint8Array {
  return decodeTransferEncoding(entity.body, entity.transferEncoding);
}

/** Decode `body` encoded with `encoding` (case-insensitive; absent means 7bit). */
export function decodeTransferEncoding(body: Uint8Array, encoding: string | undefined): Uint8Array {
  const enc = (encoding ?? '7bit').trim().toLowerCase();
  switch (enc) {
    case '':
    case '7bit':
    case '8bit':
    case 'binary':
      return body;
    case 'base64':
      return base64Decode(body);
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      throw new EngineError('unsupported-algorithm', `unsupported Content-Transfer-Encoding "${enc.slice(0, 40)}"`);
  }
}

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i; // lowercase is not allowed by RFC 2045 but common; accept it
}

/**
 * Quoted-printable decode (RFC 2045 section 6.7): "=XX" is a byte, "=" at the end of a line (after
 * optional whitespace) is a soft line break, trailing whitespace on a line is transport padding and
 * dropped. A stray "=" not followed by hex is kept literally. Line breaks are kept as written.
 */
export function decodeQuotedPrintable(body: Uint8Array): Uint8Array {
  const n = body.length;
  const out = new Uint8Array(n);
  let o = 0;
  let i = 0;
  while (i < n) {
    const b = body[i];
    if (b === 0x3d) {
      // "=XX"
      if (i + 2 < n && HEX[body[i + 1]] >= 0 && HEX[body[i + 2]] >= 0) {
        out[o++] = (HEX[body[i + 1]] << 4) | HEX[body[i + 2]];
        i += 3;
        continue;
      }
      // Soft line break: "=" WSP* (CRLF | LF | end)
      let j = i + 1;
      while (j < n && (body[j] === 0x20 || body[j] === 0x09)) j++;
      if (j >= n) {
        i = n;
        continue;
      }
      if (body[j] === 0x0a) {
        i = j + 1;
        continue;
      }
      if (body[j] === 0x0d && j + 1 < n && body[j + 1] === 0x0a) {
        i = j + 2;
        continue;
      }
      out[o++] = b; // stray "=": keep
      i++;
      continue;
    }
    if (b === 0x20 || b === 0x09) {
      // Whitespace run: drop it if it ends the line (or the body).
      let j = i;
      while (j < n && (body[j] === 0x20 || body[j] === 0x09)) j++;
      const atEol = j >= n || body[j] === 0x0a || (body[j] === 0x0d && j + 1 < n && body[j + 1] === 0x0a);
      if (!atEol) for (; i < j; i++) out[o++] = body[i];
      i = j;
      continue;
    }
    out[o++] = b;
    i++;
  }
  return out.slice(0, o);
}
