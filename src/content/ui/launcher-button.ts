// The 🔒 launcher button placed next to a webmail's own Compose / Reply / Forward, in a closed shadow root so the
// page's CSS cannot restyle or relabel it. Shared by every site's launcher script; a click only calls `onClick`.
import type { ComposeMode } from '../../shared/messages';
import { lockSvg } from '../../ui/lock-icon';

export const LAUNCHER_MARK = 'data-smime-launcher';

const LABELS: Record<ComposeMode, string> = { new: 'launcherCompose', reply: 'launcherReply', 'reply-all': 'launcherReplyAll', forward: 'launcherForward' };

function label(mode: ComposeMode): string {
  return chrome.i18n.getMessage(LABELS[mode]) || 'S/MIME';
}

export function makeLauncherButton(mode: ComposeMode, onClick: () => Promise<void>): HTMLElement {
  const host = document.createElement('span');
  host.setAttribute(LAUNCHER_MARK, mode);
  host.style.display = 'inline-block';
  host.style.marginLeft = '8px';
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent =
    'button{all:initial;display:inline-flex;align-items:center;font:500 13px/1 system-ui,"Noto Sans JP",sans-serif;color:#0b57d0;background:#fff;border:1px solid #c2c7cf;border-radius:16px;padding:7px 12px;cursor:pointer}' +
    'button:hover{background:#f0f4fb}button:focus-visible{outline:2px solid #0b57d0;outline-offset:2px}';
  const button = document.createElement('button');
  button.type = 'button';
  button.append(lockSvg(document), label(mode));
  button.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    button.disabled = true;
    void onClick().finally(() => (button.disabled = false));
  });
  root.append(style, button);
  return host;
}

/** Puts a launcher right after `anchor`, once (a re-render that keeps the anchor keeps the button). */
export function placeLauncherAfter(anchor: Element, mode: ComposeMode, onClick: () => Promise<void>): void {
  const next = anchor.nextElementSibling;
  if (next?.getAttribute(LAUNCHER_MARK) === mode) return;
  anchor.after(makeLauncherButton(mode, onClick));
}

const SHORTCUT_MESSAGE = 'smime-webmail:compose-shortcut';

/**
 * Runs a site's launcher scan once per animation frame after DOM changes (and when a verdict bar changes, since
 * launchers may depend on it), and answers the keyboard shortcut (manifest "commands", relayed by the background).
 */
export function startLaunchers(scan: () => void, openNew: () => Promise<void>): void {
  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      scan();
    });
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-verdict'] });
  scan();
  chrome.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== chrome.runtime.id || (message as { type?: unknown } | null)?.type !== SHORTCUT_MESSAGE) return;
    void openNew();
  });
}
