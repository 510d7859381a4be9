// Content script: puts a "Secure compose" button next to Gmail's Compose and "Secure reply / reply all / forward"
// next to each open message's Reply, each in a closed shadow root. A click only asks the background to open the
// extension-origin composer (with the tab's account, and for replies the raw original fetched like the read view
// does); nothing the user types ever passes through this script or Gmail's page. Also answers the keyboard shortcut.
import { RPC_PORT_NAME, type ComposeMode } from '../shared/messages';
import { frameOffersReply } from './secure-reply-path';
import { createRpcClient } from '../shared/rpc';
import { GmailAdapter } from './sites/gmail/gmail-adapter';
import * as S from './sites/gmail/gmail-selectors';
import { gmailAccountEmail, gmailThreadId } from './sites/gmail/gmail-account-thread';
import { LAUNCHER_MARK, placeLauncherAfter, startLaunchers } from './ui/launcher-button';

const client = createRpcClient(() => chrome.runtime.connect({ name: RPC_PORT_NAME }));
const adapter = new GmailAdapter(window);

async function open(mode: ComposeMode, container?: Element): Promise<void> {
  const account = gmailAccountEmail(document);
  const base = { mode, ...(account ? { account } : {}) };
  if (mode === 'new' || !container) {
    await client.call('open-composer', { ...base, mode: 'new' });
    return;
  }
  const handle = adapter.findOpenMessages(document).find((h) => h.container === container);
  if (!handle) return;
  const message = (await adapter.fetchRawSource(handle)).bytes;
  const thread = gmailThreadId(document);
  await client.call('open-composer', { ...base, message, ...(thread ? { threadId: thread } : {}) });
}

function placeAfter(anchor: Element, mode: ComposeMode, container?: Element): void {
  placeLauncherAfter(anchor, mode, () => open(mode, container));
}

function scan(): void {
  const compose = S.queryFirst(document, S.COMPOSE_BUTTON);
  if (compose) placeAfter(compose, 'new');
  for (const container of S.queryAllFirst(document, S.MESSAGE_CONTAINER)) {
    // A decrypted message's frame has the secure reply buttons: one path, not a second row beside Gmail's.
    if (frameOffersReply(container)) {
      for (const b of container.querySelectorAll(`[${LAUNCHER_MARK}="reply"], [${LAUNCHER_MARK}="forward"]`)) b.remove();
      continue;
    }
    const reply = S.queryFirst(container, S.REPLY_BUTTON);
    if (!reply) continue;
    const forward = S.queryFirst(container, S.FORWARD_BUTTON);
    placeAfter(forward ?? reply, 'forward', container);
    placeAfter(reply, 'reply', container);
  }
}

startLaunchers(scan, () => open('new'));
