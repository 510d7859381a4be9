// The toolbar badge for each tab verdict, and the padlock icon for encrypted mail. Badge text uses only characters
// every font has (the 🔒 emoji showed as an empty box without an emoji font); the padlock is drawn from the same
// SVG path as the launcher buttons' icon, on an OffscreenCanvas where the worker has one.
import type { TabVerdict } from '../shared/messages';
import { LOCK_PATH, LOCK_VIEWBOX } from '../ui/lock-icon';

export interface BadgeLook {
  text: string;
  color: string;
  /** Draw the padlock as the tab's toolbar icon. */
  lock: boolean;
}

/** Each verdict looks different: untrusted (?) and expired (EXP) are not the same warning; not-for-you has its own. */
export const BADGE: Record<TabVerdict, BadgeLook> = {
  valid: { text: '\u2713', color: '#1a7f37', lock: false },
  untrusted: { text: '?', color: '#9a6700', lock: false },
  expired: { text: 'EXP', color: '#bc4c00', lock: false },
  invalid: { text: '!', color: '#cf222e', lock: false },
  encrypted: { text: '', color: '#0969da', lock: true },
  'not-for-you': { text: '\u00d7', color: '#57606a', lock: true },
  unavailable: { text: '\u2026', color: '#57606a', lock: false },
  none: { text: '', color: '#000000', lock: false },
};

type IconImages = Record<string, ImageData>;

/** The padlock (blue) or a plain envelope (grey) as toolbar icon images; undefined where there is no canvas. */
export function drawActionIcon(lock: boolean): IconImages | undefined {
  const G = globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(k: '2d'): OffscreenCanvasRenderingContext2D | null } };
  if (!G.OffscreenCanvas || typeof Path2D === 'undefined') return undefined;
  const out: IconImages = {};
  for (const size of [16, 32]) {
    const ctx = new G.OffscreenCanvas(size, size).getContext('2d');
    if (!ctx) return undefined;
    ctx.scale(size / LOCK_VIEWBOX, size / LOCK_VIEWBOX);
    if (lock) {
      ctx.fillStyle = '#0969da';
      ctx.fill(new Path2D(LOCK_PATH), 'evenodd');
    } else {
      // An envelope: the extension's own icon while no encrypted message is open.
      ctx.fillStyle = '#3c4043';
      ctx.fill(new Path2D('M1.5 3h13a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1h-13a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1Zm.6 1.6V12h11.8V4.6L8 9Zm1.3-.4L8 7.6l4.6-3.4Z'), 'evenodd');
    }
    out[String(size)] = ctx.getImageData(0, 0, size, size);
  }
  return out;
}
