// Expiry warnings outside the manager page: a toolbar badge counting certificates that expire within the
// warning window, and one browser notification per certificate. Checked when the worker starts and daily.
import type { ExpiringEntry } from '../shared/messages';
import type { BackgroundDeps } from './handlers';
import { listExpiring } from './keystore/expiry';
import { getSettings } from './keystore/keystore';

export const EXPIRY_ALARM = 'smime-expiry-check';
const NOTIFIED_KEY = 'expiryNotified';
const MAX_REMEMBERED = 500;
const BADGE_COLOR = '#b26a00';
// A 48 px amber "!" square: notifications need an icon and the extension ships none yet.
const ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAYAAABXAvmHAAAAT0lEQVR42u3YwQkAIAwEwavX8mwwVuBP0MgspIB5hEASPdIcqU4DAAAA8DFgFwAAAAAAAAAAAAAAAAAAAACAxxaAHQAAAHDIAAAADgJ0qQXY5zQelZot3AAAAABJRU5ErkJggg==';

export interface ExpiryChromeLike {
  runtime: { getURL(path: string): string; onStartup?: { addListener(cb: () => void): void } };
  alarms?: {
    create(name: string, info: { periodInMinutes?: number; delayInMinutes?: number }): unknown;
    get(name: string): Promise<unknown>;
    onAlarm: { addListener(cb: (alarm: { name: string }) => void): void };
  };
  action?: {
    setBadgeText(details: { text: string }): unknown;
    setBadgeBackgroundColor(details: { color: string }): unknown;
  };
  notifications?: {
    create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string; priority?: number }): unknown;
    onClicked?: { addListener(cb: (id: string) => void): void };
  };
  storage?: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
  tabs?: { create(props: { url: string }): unknown };
  i18n: { getMessage(name: string, substitutions?: string[]): string; getUILanguage(): string };
}

function formatDay(iso: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

function notificationText(chrome: ExpiryChromeLike, e: ExpiringEntry): { title: string; message: string } {
  const who = e.addresses[0] ?? e.summary.commonName ?? e.summary.subject;
  // The catalogue's own language, so the date matches the words around it.
  const tag = chrome.i18n.getMessage('uiLocale');
  const day = formatDay(e.notAfter, /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(tag) ? tag : 'en');
  const title = chrome.i18n.getMessage('notifyExpiringTitle') || 'Certificate expires soon';
  const name = e.kind === 'identity' ? 'notifyExpiringIdentity' : 'notifyExpiringContact';
  return { title, message: chrome.i18n.getMessage(name, [who, day]) || `${who}: ${day}` };
}

/** One check: badge = number of expiring certificates; a notification for each not yet announced. */
export async function checkExpiry(chrome: ExpiryChromeLike, deps: BackgroundDeps): Promise<ExpiringEntry[]> {
  const days = (await getSettings(deps.keystore)).expiryWarningDays;
  const entries = await listExpiring(deps.keystore, days);
  await chrome.action?.setBadgeText({ text: entries.length > 0 ? String(Math.min(entries.length, 99)) : '' });
  if (entries.length > 0) await chrome.action?.setBadgeBackgroundColor({ color: BADGE_COLOR });
  if (!chrome.notifications || !chrome.storage) return entries;
  const stored = (await chrome.storage.local.get(NOTIFIED_KEY))[NOTIFIED_KEY];
  const notified = new Set(Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : []);
  let changed = false;
  for (const e of entries) {
    if (notified.has(e.id)) continue;
    notified.add(e.id);
    changed = true;
    await chrome.notifications.create(`smime-expiry-${e.id}`, { type: 'basic', iconUrl: ICON, priority: 1, ...notificationText(chrome, e) });
  }
  if (changed) await chrome.storage.local.set({ [NOTIFIED_KEY]: [...notified].slice(-MAX_REMEMBERED) });
  return entries;
}

/** Attach listeners (synchronously, as MV3 requires) and run a first check once the keystore is open. */
export function startExpiryAlerts(chrome: ExpiryChromeLike, ready: Promise<BackgroundDeps>): void {
  const run = () =>
    void ready
      .then((deps) => checkExpiry(chrome, deps))
      .catch(() => undefined);
  chrome.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name === EXPIRY_ALARM) run();
  });
  chrome.notifications?.onClicked?.addListener((id) => {
    if (id.startsWith('smime-expiry-')) void chrome.tabs?.create({ url: chrome.runtime.getURL('src/options/index.html') });
  });
  // Create the daily alarm once (re-creating would restart its period on every wake); every start also checks.
  void chrome.alarms
    ?.get(EXPIRY_ALARM)
    .then((existing) => existing || chrome.alarms?.create(EXPIRY_ALARM, { periodInMinutes: 24 * 60 }))
    .catch(() => undefined);
  run();
}
