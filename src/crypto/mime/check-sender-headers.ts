// From/Sender sanity checks for the outer message: several From headers or addresses, or a Sender that
// differs from From, are classic ways to make a valid signature look like it came from someone else; so is a
// display name or group name ("ceo@bank.example: eve@evil.example;") written to look like another address.
import type { Warning } from '../types';
import { getHeaders, type MimeEntity } from './parse-mime';
import { type ParsedAddress, parseAddressList } from './parse-address';
import { addressKey, sameAddress } from './address-key';
import { decodeEncodedWords } from './decode-header-words';

export interface SenderHeaderCheck {
  /** Every addr-spec in every From header, in order, as written. */
  from: string[];
  /** The addr-spec of the (first) Sender header, if present and parseable. */
  sender?: string;
  warnings: Warning[];
}

export function checkSenderHeaders(entity: Pick<MimeEntity, 'headers'>): SenderHeaderCheck {
  const warnings: Warning[] = [];
  const fromHeaders = getHeaders(entity, 'from');
  const fromMailboxes = fromHeaders.flatMap((v) => parseAddressList(v));
  const from = fromMailboxes.map((a) => a.address);

  if (fromHeaders.length > 1) {
    warnings.push({
      code: 'duplicate-from',
      message: `The message has ${fromHeaders.length} From headers; mail programs may show different senders.`,
    });
  } else if (from.length > 1) {
    warnings.push({
      code: 'duplicate-from',
      message: `The From header lists ${from.length} addresses (${from.join(', ')}).`,
    });
  }

  const nameWarnings = lookalikeNameWarnings(fromMailboxes);
  warnings.push(...nameWarnings);

  const senderHeaders = getHeaders(entity, 'sender');
  const senders = senderHeaders.flatMap((v) => parseAddressList(v).map((a) => a.address));
  // Whatever else a reader could take for the address: empty groups, "<>" mailboxes, domain literals, comments.
  if (nameWarnings.length === 0) {
    const stray = strayAddress([...fromHeaders, ...senderHeaders], [...from, ...senders]);
    if (stray !== undefined) {
      warnings.push({ code: 'display-name-address', message: `The From header shows "${stray}", which is not the address the message is from (${from.join(', ') || 'none'}).` });
    }
  }
  const sender = senders[0];
  if (senders.length > 1 && senders.some((s) => !sameAddress(s, senders[0]))) {
    warnings.push({
      code: 'sender-header-mismatch',
      message: `The message names several different senders (${senders.join(', ')}).`,
    });
  } else if (sender !== undefined && !from.some((f) => sameAddress(f, sender))) {
    warnings.push({
      code: 'sender-header-mismatch',
      message: `The Sender header (${sender}) differs from the From address (${from.join(', ') || 'none'}).`,
    });
  }
  return sender === undefined ? { from, warnings } : { from, sender, warnings };
}

const MAX_NAME_WARNINGS = 5;

/**
 * "manager@corp <eve@evil>" (Johnny I2) and "manager@corp: eve@evil;" (a group): the name a reader sees poses as
 * an address other than the real one. One warning per mailbox, a few at most.
 */
function lookalikeNameWarnings(mailboxes: ParsedAddress[]): Warning[] {
  const out: Warning[] = [];
  for (const a of mailboxes) {
    if (out.length >= MAX_NAME_WARNINGS) break;
    if (a.name !== undefined && showsOtherAddress(a.name, a.address)) {
      out.push({ code: 'display-name-address', message: `The sender's name shows "${a.name}", but the real address is ${a.address}.` });
    } else if (a.group !== undefined && showsOtherAddress(a.group, a.address)) {
      out.push({ code: 'display-name-address', message: `The From header shows the group name "${a.group}", but the real address is ${a.address}.` });
    }
  }
  return out;
}

/**
 * The first address-shaped word in these header values that is not one of the parsed mailboxes. Parsers disagree on
 * what is a mailbox ("ceo@x.example:;" is an empty group to us, "ceo@[x.example]" an address to Python), so every
 * address-like word must end up as a parsed mailbox, or it is something a reader may take for the sender.
 */
function strayAddress(values: string[], parsed: string[]): string | undefined {
  const known = new Set(parsed.map(addressKey));
  for (const value of values) {
    // Square brackets stay inside words: "ceo@[example.jp]" is a domain-literal address.
    for (const word of decodeEncodedWords(value).normalize('NFKC').split(/[\s<>"'(),;:]+/)) {
      const at = word.indexOf('@');
      if (at <= 0 || at === word.length - 1) continue;
      let end = word.length;
      while (end > at + 1 && word[end - 1] === '.') end--;
      const candidate = word.slice(0, end);
      if (!known.has(addressKey(candidate))) return candidate;
    }
  }
  return undefined;
}

/** Words of `text` shaped like an address (after NFKC, so a fullwidth "＠" counts) other than `address`. */
function showsOtherAddress(text: string, address: string): boolean {
  // Split on separators rather than scanning with a backtracking regex: names can be 64 KiB long.
  for (const word of text.normalize('NFKC').split(/[\s<>"'()[\],;:]+/)) {
    const at = word.indexOf('@');
    if (at <= 0 || at === word.length - 1) continue;
    let end = word.length;
    while (end > at + 1 && word[end - 1] === '.') end--; // "… write to ceo@bank.example."
    if (!sameAddress(word.slice(0, end), address)) return true;
  }
  return false;
}
