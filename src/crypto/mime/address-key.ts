// One comparison key for an e-mail address, used wherever two addresses are compared: the sender check, the
// address book and recipient lookup. Case is folded in the whole address, as Thunderbird and NSS do, but only for
// ASCII letters in the local part: Unicode lowercasing would fold look-alikes (the Kelvin sign "K" becomes "k")
// into someone else's address. Domains are lowercased as before, so U-labels stay comparable with each other
// (an A-label and its U-label are still different keys: there is no IDNA mapping here).

/** The comparison key of an addr-spec: quoted dot-atom local parts unquoted, ASCII case folded, trailing dot dropped. */
export function addressKey(address: string): string {
  const a = address.trim();
  const at = a.lastIndexOf('@');
  if (at < 0) return foldAscii(a);
  let local = a.slice(0, at);
  // A quoted local part is the same mailbox as its unquoted form ("alice"@x = alice@x).
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(local);
  if (quoted) local = quoted[1].replace(/\\(.)/g, '$1');
  let domain = a.slice(at + 1);
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  return `${foldAscii(local)}@${domain.toLowerCase()}`;
}

/** True when both are the same mailbox by addressKey. */
export function sameAddress(a: string, b: string): boolean {
  return addressKey(a) === addressKey(b);
}

/** Lowercases ASCII letters only. */
export function foldAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
