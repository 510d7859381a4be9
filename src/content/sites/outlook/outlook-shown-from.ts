// A conversation's messages are fetched by position, so before any verdict is shown the fetched message must be
// the one on screen: its From must be exactly the one address Outlook shows for it. Parsed and compared as
// addresses, never as a substring (a@bank.com.evil contains a@bank.com); when either side is missing there is
// nothing to compare and the answer is no.
import { parseAddressList } from '../../../crypto/mime/parse-address';
import { sameAddress } from '../../../crypto/mime/address-key';

/** The raw source's From header value, unfolded (the header block only, first 64 KiB). */
function rawFromHeader(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64 * 1024));
  const end = head.search(/\r?\n\r?\n/);
  const block = end >= 0 ? head.slice(0, end) : head;
  const all = [...block.matchAll(/(?:^|\n)From:([^\n]*(?:\n[ \t][^\n]*)*)/gi)];
  if (all.length !== 1) return null; // none, or two From headers: which one would the page have shown?
  return all[0][1].replace(/\r?\n(?=[ \t])/g, '');
}

/** True only when the fetched message's From is one address, the same mailbox as `shown`. */
export function fromIsShown(bytes: Uint8Array, shown: string | undefined): boolean {
  if (!shown) return false;
  const from = rawFromHeader(bytes);
  if (from === null) return false;
  const list = parseAddressList(from);
  return list.length === 1 && sameAddress(list[0].address, shown);
}
