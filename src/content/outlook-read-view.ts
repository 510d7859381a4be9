// Content script for Outlook on the web (outlook.live.com, outlook.office.com, outlook.office365.com): starts the
// shared read view with the Outlook adapter. The Graph fallback asks the background, which answers only with a
// sign-in the user already gave. Also answers the page's perf query (aggregate timings only) like Gmail's script.
import { OutlookAdapter } from './sites/outlook/outlook-adapter';
import { outlookAccountEmail } from './sites/outlook/outlook-account';
import { ReadViewController } from './read-view-controller';
import { createBackend } from './engine-client';
import { RPC_PORT_NAME } from '../shared/messages';
import { createRpcClient } from '../shared/rpc';

const client = createRpcClient(() => chrome.runtime.connect({ name: RPC_PORT_NAME }));
const graph = async (id: string) => (await client.callOrThrow('outlook-graph-mime', { id })).message;
// Replies from the decrypted frame go through this script: give them the mailbox, as the launcher does.
let account: string | null = null;
const controller = new ReadViewController(document, new OutlookAdapter(window, graph), createBackend(client), {
  replyInfo: () => {
    if (!account) void outlookAccountEmail(window).then((a) => (account = a));
    return account ? { account } : {};
  },
});
controller.start();
// The mailbox address needs one request Outlook itself has made (its Authorization header): ask a little later.
setTimeout(() => void outlookAccountEmail(window).then((a) => (account = a)), 3000);

document.addEventListener('smime-webmail:perf-request', () => {
  document.dispatchEvent(new CustomEvent('smime-webmail:perf', { detail: JSON.stringify(controller.perf) }));
});
