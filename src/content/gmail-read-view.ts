// Content script for https://mail.google.com/*: starts the read view with the Gmail adapter and answers the
// page's perf query used by the e2e benchmark (aggregate timings only: no message ids, nothing per message).
import { GmailAdapter } from './sites/gmail/gmail-adapter';
import { primeIk } from './sites/gmail/gmail-ik';
import { ReadViewController } from './read-view-controller';
import { createBackend } from './engine-client';
import { gmailAccountEmail, gmailThreadId } from './sites/gmail/gmail-account-thread';

primeIk(document);
// Replies from the decrypted frame go through this script: give them the account and thread, as the launcher does.
const controller = new ReadViewController(document, new GmailAdapter(window), createBackend(), {
  replyInfo: () => {
    const account = gmailAccountEmail(document);
    const threadId = gmailThreadId(document);
    return { ...(account ? { account } : {}), ...(threadId ? { threadId } : {}) };
  },
});
controller.start();

document.addEventListener('smime-webmail:perf-request', () => {
  document.dispatchEvent(new CustomEvent('smime-webmail:perf', { detail: JSON.stringify(controller.perf) }));
});
