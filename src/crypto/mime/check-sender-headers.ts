// From/Sender sanity checks for the outer message: several From headers or addresses, or a Sender that
// differs from From, are classic ways to make a valid signature look like it came from someone else.
import type { Warning } from '../types';
import { getHeaders, type MimeEntity } from './parse-mime';
import { parseAddressList } from './parse-address';

export interface SenderHeaderCheck {
  /** Every addr-spec in every From header, in order, as written. */
  from: string[];
  /** The addr-spec of the (first) Sender header, if present and parseable. */
  sender?: string;
  warnings: Warning[];
}

/** Addresses compare case-insensitively (local parts are case-insensitive in practice everywhere). */
export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function checkSenderHeaders(entity: Pick<MimeEntity, 'headers'>): SenderHeaderCheck {
  const warnings: Warning[] = [];
  const fromHeaders = getHeaders(entity, 'from');
  const from = fromHeaders.flatMap((v) => parseAddressList(v).map((a) => a.address));

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

  const senderHeaders = getHeaders(entity, 'sender');
  const senders = senderHeaders.flatMap((v) => parseAddressList(v).map((a) => a.address));
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
