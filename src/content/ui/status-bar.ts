// The verdict bar above a message body. It lives in a CLOSED shadow root so the mail's own CSS (or the page's)
// cannot restyle, hide or read it, and it is built from DOM nodes only (Gmail enforces Trusted Types).
import type { Verdict } from '../verdict';
import { t } from '../../ui/i18n';
import { env } from '../../shared/browser-env';

export const STATUS_HOST_ATTR = 'data-smime-webmail';

const CSS = `
:host { all: initial !important; display: block !important; visibility: visible !important; opacity: 1 !important;
  position: static !important; transform: none !important; clip-path: none !important; filter: none !important;
  margin: 8px 0 10px !important; padding: 0 !important; width: auto !important; height: auto !important;
  max-height: none !important; overflow: visible !important; z-index: auto !important; }
.bar { display: flex; align-items: center; gap: 10px; box-sizing: border-box; width: 100%;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans JP", "Hiragino Sans", sans-serif;
  padding: 9px 12px; border-radius: 8px; border: 1px solid; cursor: pointer; text-align: start; }
.bar:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
.icon { flex: none; width: 20px; height: 20px; border-radius: 50%; display: inline-flex; align-items: center;
  justify-content: center; font-weight: 700; font-size: 13px; color: #fff; }
.text { flex: 1; }
.more { flex: none; font-size: 12px; text-decoration: underline; opacity: .85; }
.note { display: block; font-size: 13px; margin-top: 3px; opacity: .9; }
.action { flex: none; font: inherit; font-size: 12px; padding: 3px 8px; border-radius: 6px; border: 1px solid currentColor;
  background: transparent; color: inherit; cursor: pointer; }
.good { background: #e6f4ea; color: #0d4f26; border-color: #81c995; } .good .icon { background: #188038; }
.bad { background: #fce8e6; color: #8c1d18; border-color: #ee675c; } .bad .icon { background: #c5221f; }
.warn { background: #fef7e0; color: #6b4a00; border-color: #fdd663; } .warn .icon { background: #b06000; }
.neutral { background: #f1f3f4; color: #3c4043; border-color: #dadce0; } .neutral .icon { background: #5f6368; }
.panel { margin-top: 6px; }
.panel iframe { display: block; width: 100%; border: 1px solid #dadce0; border-radius: 8px; background: #fff; }
`;

const ICON: Record<Verdict['tone'], string> = { good: '\u2713', bad: '!', warn: '!', neutral: 'i' };

let sheet: CSSStyleSheet | null = null;
/** One shared constructed sheet where the browser lets a content script adopt it; a <style> element elsewhere. */
export function applyStatusStyles(root: ShadowRoot, canAdopt = env.contentScriptsCanAdoptStyleSheets): void {
  if (canAdopt) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = CSS;
  root.prepend(style);
}

export interface StatusBar {
  readonly host: HTMLElement;
  /** The message id this bar belongs to (a bar is never reused for another message). */
  readonly messageId: string;
  /** Shows the verdict; `hasDetails` says whether clicking can open the details. */
  render(v: Verdict, hasDetails: boolean): void;
  /** A container under the bar, inside the shadow root, for extension frames (details, decrypted content). */
  readonly panel: HTMLElement;
  /** A button on the bar (e.g. "They also send unsigned mail"), or none. */
  setAction(label: string | null, run?: () => void): void;
}

export function createStatusBar(doc: Document, messageId: string, onActivate: () => void): StatusBar {
  const host = doc.createElement('div');
  host.setAttribute(STATUS_HOST_ATTR, 'status');
  const root = host.attachShadow({ mode: 'closed' });
  applyStatusStyles(root);
  const bar = doc.createElement('div');
  bar.setAttribute('role', 'button');
  bar.setAttribute('tabindex', '0');
  bar.setAttribute('aria-live', 'polite');
  const icon = doc.createElement('span');
  icon.className = 'icon';
  icon.setAttribute('aria-hidden', 'true');
  const text = doc.createElement('span');
  text.className = 'text';
  const main = doc.createElement('span');
  text.append(main);
  const more = doc.createElement('span');
  more.className = 'more';
  more.textContent = t('statusDetails');
  const action = doc.createElement('button');
  action.className = 'action';
  action.type = 'button';
  action.hidden = true;
  let runAction: (() => void) | undefined;
  action.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    runAction?.();
  });
  action.addEventListener('keydown', (e) => e.stopPropagation());
  bar.append(icon, text, action, more);
  const panel = doc.createElement('div');
  panel.className = 'panel';
  root.append(bar, panel);
  const activate = (e: Event) => {
    e.preventDefault();
    e.stopPropagation(); // Gmail must not treat the click as a click on the message
    onActivate();
  };
  bar.addEventListener('click', activate);
  bar.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') activate(e);
  });
  return {
    host,
    messageId,
    panel,
    render(v: Verdict, hasDetails: boolean) {
      bar.className = `bar ${v.tone}`;
      icon.textContent = ICON[v.tone];
      main.textContent = t(v.messageName, v.substitutions);
      text.replaceChildren(main);
      for (const n of v.notes ?? []) {
        const line = doc.createElement('span');
        line.className = 'note';
        line.textContent = t(n.messageName, n.substitutions);
        text.append(line);
      }
      more.hidden = !hasDetails;
      bar.style.cursor = hasDetails ? 'pointer' : 'default';
      host.setAttribute('data-verdict', v.kind);
    },
    setAction(label, run) {
      runAction = run;
      action.hidden = label === null;
      action.textContent = label ?? '';
    },
  };
}
