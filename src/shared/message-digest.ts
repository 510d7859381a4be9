// How a content script names a message to the background without sending it again: the SHA-256 of its raw bytes,
// in lowercase hex. Both ends compute it the same way (src/background/tab-verdicts.ts keys its verdicts by it).
export async function messageDigest(message: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', message as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of d) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The key of an unsigned message's sender signal (look-alike, missing signature) among a tab's verdicts. */
export function senderSignalKey(address: string): Promise<string> {
  return messageDigest(new TextEncoder().encode(`sender-signal:${address.trim().toLowerCase()}`));
}
