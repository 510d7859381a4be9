// Decrypted content must look like mail: a MIME entity (RFC 8551 §3.1), or plain text, which is what
// `openssl cms -encrypt` without -text produces and real peers send. A wrong key, for instance a recipient entry that
// names the user's certificate but wraps another key, gives random bytes that pass CBC's padding check about 1 time
// in 256; random bytes essentially never form a header block or a run of clean text, so the shape check turns that
// into a decryption failure instead of garbage shown as a message.
const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const TEXT_PREFIX = 8192; // a prefix this long is as conclusive as the whole content

export function looksLikeMailContent(bytes: Uint8Array): boolean {
  return bytes.length === 0 || hasHeaderBlock(bytes) || isCleanText(bytes.subarray(0, TEXT_PREFIX));
}

/** Header lines ("Name: value" and folded continuations) up to a blank line or the end; at least one field. */
function hasHeaderBlock(bytes: Uint8Array): boolean {
  let p = 0;
  let fields = 0;
  const n = bytes.length;
  while (p < n) {
    let nl = bytes.indexOf(LF, p);
    if (nl === -1) nl = n;
    const lineEnd = nl > p && bytes[nl - 1] === CR ? nl - 1 : nl;
    if (lineEnd === p) return fields > 0; // blank line: end of the header block
    if (bytes[p] === 0x20 || bytes[p] === 0x09) {
      if (fields === 0) return false; // a continuation line cannot come first
    } else {
      let i = p;
      while (i < lineEnd && bytes[i] > 0x20 && bytes[i] < 0x7f && bytes[i] !== COLON) i++;
      while (i < lineEnd && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
      if (i === p || i >= lineEnd || bytes[i] !== COLON) return false;
      fields++;
    }
    for (let i = p; i < lineEnd; i++) if (bytes[i] === 0 || bytes[i] === CR) return false; // NUL or a bare CR
    p = nl + 1;
  }
  return fields > 0;
}

/** Text without control characters other than tab, line breaks, form feed and ESC (ISO-2022-JP); any 8-bit charset. */
function isCleanText(bytes: Uint8Array): boolean {
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== LF && b !== CR && b !== 0x0c && b !== 0x1b) || b === 0x7f) return false;
  return true;
}
