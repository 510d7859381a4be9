// Checks every site's raw-source path applies to what a webmail server hands back: the size limit shared by all
// sites (the same for Gmail and Outlook), and whether the bytes look like an RFC 5322 message at all.

export const MAX_RAW_BYTES = 40 * 1024 * 1024; // a 25 MB message after base64 growth, plus headroom

/** A message's first bytes look like RFC 5322 headers (not an HTML error or login page). */
export function looksLikeMessage(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  return /^(?:[!-9;-~]{1,76}:[^\r\n]*\r?\n)/.test(head) && !/^\s*<(?:!doctype|html)/i.test(head);
}
