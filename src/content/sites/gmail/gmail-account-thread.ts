// Which Gmail account this tab shows and which thread is open: the composer needs both for replies (the From
// choice and the Gmail API threadId). Page-controlled values, used for convenience and checked by the background.
import * as S from './gmail-selectors';

/** The signed-in account of this tab, from the title or the account button. */
export function gmailAccountEmail(doc: Document): string | undefined {
  const fromTitle = S.ACCOUNT_TITLE.exec(doc.title)?.[1];
  if (fromTitle) return fromTitle.toLowerCase();
  const button = S.queryFirst(doc, S.ACCOUNT_BUTTON)?.getAttribute('aria-label') ?? '';
  return S.ACCOUNT_LABEL_EMAIL.exec(button)?.[1]?.toLowerCase();
}

/** The open thread's Gmail API id (hex), if any. */
export function gmailThreadId(doc: Document): string | undefined {
  const v = S.queryFirst(doc, S.THREAD)?.getAttribute('data-legacy-thread-id') ?? '';
  return /^[0-9a-f]{1,32}$/.test(v) ? v : undefined;
}
