// One secure way to reply per message. Under a decrypted message the extension's frame has its own Secure reply /
// reply all / forward buttons, right under the text they quote; adding the launcher's buttons beside Gmail's Reply
// as well made three rows of Reply buttons. So the launcher stays away from messages our read view shows decrypted
// (or is decrypting), and keeps its buttons everywhere else (signed and plain mail have no frame).
import { STATUS_HOST_ATTR } from './ui/status-bar';

/** Verdicts under which the decrypted frame (with its own reply buttons) is, or is about to be, shown. */
const FRAME_HAS_REPLY = new Set(['encrypted', 'decrypting']);

export function frameOffersReply(container: Element): boolean {
  for (const host of container.querySelectorAll(`[${STATUS_HOST_ATTR}="status"]`)) {
    if (FRAME_HAS_REPLY.has(host.getAttribute('data-verdict') ?? '')) return true;
  }
  return false;
}
