// Which mailbox this Outlook tab shows: from Outlook's own service (the page's session), else from the account
// manager where work accounts show the address. Page-controlled and used only to pick the From and to tell the
// background which account must sign in; the background checks the Microsoft sign-in against it.
import * as S from './outlook-selectors';
import { mailboxIndex } from './outlook-ids';
import { requestPageHeaders } from './outlook-page-headers';
import { mailboxAddress, type FetchFn } from './outlook-service-svc';

let cached: string | null = null;

export async function outlookAccountEmail(win: Window, fetchFn: FetchFn = (i, init) => fetch(i, init)): Promise<string | null> {
  if (cached) return cached;
  try {
    const headers = await requestPageHeaders(win.document);
    cached = await mailboxAddress({ origin: win.location.origin, mailbox: mailboxIndex(win.location.pathname), headers, fetchFn });
  } catch {
    cached = null;
  }
  if (!cached) {
    const el = S.queryFirst(win.document, S.ACCOUNT_BUTTON);
    const m = S.ADDRESS.exec(el?.getAttribute('title') ?? el?.textContent ?? '');
    cached = m ? m[1].toLowerCase() : null;
  }
  return cached;
}
