// Reply / reply-all / forward prefill from an original message: recipients, "Re:"/"Fwd:" subject, threading headers
// (In-Reply-To, References) and the quote. The quote comes from the entity the reader was shown (decrypted and/or
// inside the signature, see visible-text.ts), as plain text; the caller decides which entity that is.
import { addressKey } from '../../crypto/mime/address-key';
import { decodeEncodedWords } from '../../crypto/mime/decode-header-words';
import { parseAddressList } from '../../crypto/mime/parse-address';
import { getHeader, type MimeEntity } from '../../crypto/mime/parse-mime';
import type { ComposeContext, ComposeMode, MailProvider } from '../../shared/messages';
import { quoteWords, type QuoteWords } from './quote-words';
import { visibleText } from './visible-text';

export interface OriginalMessage {
  /** The outer message (its headers are the ones Gmail showed). */
  outer: MimeEntity;
  /** The entity whose text the reader saw: the decrypted content, unwrapped from any signature. */
  shown: MimeEntity;
  encrypted: boolean;
}

const MAX_REFERENCES = 30;
const MSG_ID = /<[^<>\s]{1,250}>/g;

function addresses(e: MimeEntity, name: string): { address: string; name?: string }[] {
  const v = getHeader(e, name);
  return v ? parseAddressList(v) : [];
}

/** "Name <address>", or the address alone when there is no name or the name only repeats the address. */
function display(a: { address: string; name?: string }): string {
  return a.name && a.name.trim().toLowerCase() !== a.address.toLowerCase() ? `${a.name} <${a.address}>` : a.address;
}

/** The inner protected Subject wins when the sender hid it (it is what the reader's viewer showed). */
function subjectOf(o: OriginalMessage): string {
  const inner = /protected-headers/i.test(getHeader(o.shown, 'content-type') ?? '') ? getHeader(o.shown, 'subject') : undefined;
  return decodeEncodedWords(inner ?? getHeader(o.outer, 'subject') ?? '').trim();
}

export function prefixedSubject(subject: string, mode: ComposeMode): string {
  if (mode === 'new') return subject;
  const prefix = mode === 'forward' ? 'Fwd:' : 'Re:';
  const already = mode === 'forward' ? /^\s*(fwd?|fw)\s*:/i : /^\s*(re|aw|sv)\s*:/i;
  return already.test(subject) ? subject : `${prefix} ${subject}`.trim();
}

function quoteText(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => (l.startsWith('>') ? `>${l}` : `> ${l}`).trimEnd())
    .join('\n');
}

export function deriveComposeContext(
  o: OriginalMessage,
  mode: ComposeMode,
  account: string | null,
  threadId: string | null,
  words: QuoteWords = quoteWords(),
  provider: MailProvider = 'gmail',
): ComposeContext {
  const me = account ? addressKey(account) : null;
  const from = addresses(o.outer, 'from');
  const replyTo = addresses(o.outer, 'reply-to');
  const messageId = (getHeader(o.outer, 'message-id') ?? '').match(MSG_ID)?.[0] ?? null;
  const refs = (getHeader(o.outer, 'references') ?? '').match(MSG_ID) ?? [];
  const references = messageId ? [...refs.filter((r) => r !== messageId), messageId].slice(-MAX_REFERENCES) : refs.slice(-MAX_REFERENCES);
  const date = getHeader(o.outer, 'date') ?? '';
  const text = visibleText(o.shown);
  const subject = subjectOf(o);

  let to: string[] = [];
  let cc: string[] = [];
  if (mode === 'reply' || mode === 'reply-all') {
    const primary = replyTo.length ? replyTo : from;
    // Replying to our own message goes to its recipients, as mail clients do.
    const own = primary.every((a) => addressKey(a.address) === me);
    to = (own ? addresses(o.outer, 'to') : primary).map((a) => a.address);
    if (mode === 'reply-all') {
      const seen = new Set([...to.map(addressKey), ...(me ? [me] : [])]);
      cc = [...addresses(o.outer, 'to'), ...addresses(o.outer, 'cc')]
        .map((a) => a.address)
        .filter((a) => !seen.has(addressKey(a)) && (seen.add(addressKey(a)), true));
    }
  }
  const who = from[0] ? display(from[0]) : words.unknownSender;
  const shownDate = words.formatDate(date);
  const quote =
    mode === 'forward'
      ? [
          words.forwardTitle,
          `${words.from} ${from.map(display).join(', ')}`,
          `${words.date} ${shownDate}`,
          `${words.subject} ${subject}`,
          `${words.to} ${addresses(o.outer, 'to').map(display).join(', ')}`,
          '',
          text.trimEnd(),
        ].join('\n')
      : mode === 'new'
        ? ''
        : `${words.replyHeader(shownDate, who)}\n${quoteText(text)}`;

  return {
    mode,
    account,
    provider,
    threadId: mode === 'forward' || mode === 'new' ? null : threadId,
    to,
    cc,
    subject: prefixedSubject(subject, mode),
    inReplyTo: mode === 'forward' || mode === 'new' ? null : messageId,
    references: mode === 'forward' || mode === 'new' ? [] : references,
    quote,
    originalEncrypted: o.encrypted,
  };
}
