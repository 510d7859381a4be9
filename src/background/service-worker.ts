// Wires the background together against a `chrome`-like object: opens the keystore, serves the message
// API on runtime Ports, runs the auto-lock alarm and shows tab verdicts on the badge. All listeners are
// attached synchronously, as MV3 requires for events that wake a stopped service worker.
import { StagedMessages } from './staged-messages';
import { BADGE, drawActionIcon } from './action-icon';
import { TabVerdicts } from './tab-verdicts';
import { DeleteConfirmations } from './delete-confirmation';
import type { EnginePort } from './engine-port';
import type { BackgroundDeps } from './handlers';
import { openKeystore, type KeystoreOptions } from './keystore/keystore';
import { servePort, type ExtensionIdentity, type RouterPort } from './router';
import type { SendServices } from './send/send-services';

export const AUTO_LOCK_ALARM = 'smime-auto-lock';

export interface ChromeLike {
  runtime: {
    id: string;
    getURL(path: string): string;
    getManifest(): { version: string };
    onConnect: { addListener(callback: (port: RouterPort) => void): void };
  };
  alarms?: {
    create(name: string, info: { periodInMinutes?: number; delayInMinutes?: number }): unknown;
    clear(name: string): unknown;
    onAlarm: { addListener(callback: (alarm: { name: string }) => void): void };
  };
  action?: {
    setBadgeText(details: { tabId?: number; text: string }): unknown;
    setBadgeBackgroundColor(details: { tabId?: number; color: string }): unknown;
    setIcon?(details: { tabId?: number; imageData: Record<string, ImageData> }): unknown;
  };
}

export interface BackgroundOptions {
  engine: EnginePort;
  keystore?: Omit<KeystoreOptions, 'summarizeCertificate'>;
  /** The Gmail API send path and composer (src/background/send/wire-send.ts). */
  send?: SendServices;
}

export function startBackground(chrome: ChromeLike, options: BackgroundOptions): Promise<BackgroundDeps> {
  const self: ExtensionIdentity = { id: chrome.runtime.id, baseUrl: chrome.runtime.getURL('') };

  const ready: Promise<BackgroundDeps> = openKeystore({
    ...options.keystore,
    summarizeCertificate: (der) => options.engine.summarizeCertificate(der),
  }).then((keystore) => {
    keystore.lock.onChange((locked) => {
      // While unlocked with a deadline, poll every 30 s (the MV3 minimum); the deadline itself is also
      // checked on every key use, so a late alarm never extends it.
      if (locked) void chrome.alarms?.clear(AUTO_LOCK_ALARM);
      else if (keystore.lock.autoLockMinutes > 0) chrome.alarms?.create(AUTO_LOCK_ALARM, { periodInMinutes: 0.5 });
    });
    return {
      keystore,
      engine: options.engine,
      confirmations: new DeleteConfirmations(() => keystore.clock.now()),
      version: chrome.runtime.getManifest().version,
      ...(options.send ? { send: options.send } : {}),
      tabVerdicts: new TabVerdicts(),
      staged: new StagedMessages(() => keystore.clock.now()),
      setTabVerdict: (tabId, verdict) => {
        const look = BADGE[verdict];
        void chrome.action?.setBadgeText({ tabId, text: look.text });
        void chrome.action?.setBadgeBackgroundColor({ tabId, color: look.color });
        const icon = drawActionIcon(look.lock);
        if (icon && chrome.action?.setIcon) void Promise.resolve(chrome.action.setIcon({ tabId, imageData: icon })).catch(() => undefined);
      },
    };
  });
  // Surface open failures in every request instead of an unhandled rejection.
  ready.catch(() => undefined);

  // Every Port is ours to judge: a wrong name or an unknown sender is disconnected at once.
  chrome.runtime.onConnect.addListener((port) => void servePort(port, ready, self));

  chrome.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name !== AUTO_LOCK_ALARM) return;
    void ready.then((deps) => {
      deps.keystore.lock.checkAutoLock();
      if (!deps.keystore.lock.isUnlocked) void chrome.alarms?.clear(AUTO_LOCK_ALARM);
    });
  });

  return ready;
}
