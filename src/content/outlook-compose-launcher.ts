// Content script for Outlook on the web: the 🔒 launchers (new mail, and reply / reply all / forward above each open
// message) and the keyboard shortcut. A click only asks the background to open the extension-origin composer, with
// the mailbox address and, for replies, the raw original fetched as the read view does; the background derives the
// quote from it and sends through Microsoft Graph. Nothing typed passes through this script or Outlook's page.
import { frameOffersReply } from './secure-reply-path';
import { RPC_PORT_NAME, type ComposeMode } from '../shared/messages';
import { createRpcClient } from '../shared/rpc';
import { OutlookAdapter } from './sites/outlook/outlook-adapter';
import { outlookAccountEmail } from './sites/outlook/outlook-account';
import { LAUNCHER_MARK, makeLauncherButton, startLaunchers } from './ui/launcher-button';

const ROW_MARK = 'data-smime-launchers';
const client = createRpcClient(() => chrome.runtime.connect({ name: RPC_PORT_NAME }));
const graph = async (id: string) => (await client.callOrThrow('outlook-graph-mime', { id })).message;
const adapter = new OutlookAdapter(window, graph);

async function open(mode: ComposeMode, container?: Element): Promise<void> {
  const account = await outlookAccountEmail(window);
  const base = { mode, provider: 'outlook' as const, ...(account ? { account } : {}) };
  if (mode === 'new' || !container) {
    await client.call('open-composer', { ...base, mode: 'new' });
    return;
  }
  const handle = adapter.findOpenMessages(document).find((h) => h.container === container);
  if (!handle) return;
  const message = (await adapter.fetchRawSource(handle)).bytes;
  await client.call('open-composer', { ...base, message });
}

/** "New secure mail" floats at the page's lower left: Outlook's own New mail button has no stable hook. */
function placeNew(): void {
  if (document.querySelector(`[${LAUNCHER_MARK}="new"]`)) return;
  const b = makeLauncherButton('new', () => open('new'));
  b.style.cssText = 'position:fixed;left:16px;bottom:16px;z-index:2147483000;display:inline-block;margin:0';
  document.body.append(b);
}

function scan(): void {
  placeNew();
  for (const h of adapter.findOpenMessages(document)) {
    const { parent, before } = h.mount;
    const existing = parent.querySelector(`:scope > [${ROW_MARK}]`);
    // A decrypted message's frame has the secure reply buttons: one path, not a second row.
    if (frameOffersReply(h.container)) {
      existing?.remove();
      continue;
    }
    if (existing) continue;
    const row = document.createElement('div');
    row.setAttribute(ROW_MARK, '');
    row.style.cssText = 'display:flex;gap:0;margin:4px 0';
    const container = h.container;
    for (const mode of ['reply', 'reply-all', 'forward'] as const) row.append(makeLauncherButton(mode, () => open(mode, container)));
    parent.insertBefore(row, before);
  }
}

startLaunchers(scan, () => open('new'));
