// Reply / Reply all / Forward under a decrypted message. The frame only says which one was pressed; whoever holds
// the message (the read view's content script) asks the background to open the composer, and the background quotes
// what the reader saw by decrypting the message itself. No plaintext leaves this frame.
import type { ComposeMode } from '../shared/messages';
import { t } from '../ui/i18n';
import { lockSvg } from '../ui/lock-icon';

export type ReplyMode = Exclude<ComposeMode, 'new'>;

// The same words and padlock as the launcher's buttons: under a decrypted message these are the one secure path.
const BUTTONS: [ReplyMode, string][] = [
  ['reply', 'launcherReply'],
  ['reply-all', 'launcherReplyAll'],
  ['forward', 'launcherForward'],
];

export function composeButtons(onPick: (mode: ReplyMode) => void): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'compose-actions';
  bar.setAttribute('role', 'toolbar');
  for (const [mode, label] of BUTTONS) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.dataset.compose = mode;
    b.append(lockSvg(document), t(label));
    b.addEventListener('click', () => {
      b.disabled = true;
      onPick(mode);
      setTimeout(() => (b.disabled = false), 1500); // one composer per click, not one per double-click
    });
    bar.append(b);
  }
  return bar;
}
