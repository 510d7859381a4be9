// A small in-memory `chrome` for background tests: Port pairs that JSON-serialise every message (as MV3
// runtime messaging does) and carry a chosen `sender`, alarms fired by hand, and a recorded badge.
import type { PortLike } from '../../src/shared/chunked-port';
import type { RouterPort, SenderLike } from '../../src/background/router';
import type { ChromeLike } from '../../src/background/service-worker';

type Listener<A extends unknown[]> = (...args: A) => void;

function event<A extends unknown[]>() {
  const listeners: Listener<A>[] = [];
  return {
    addListener: (l: Listener<A>) => void listeners.push(l),
    emit: (...args: A) => listeners.forEach((l) => l(...args)),
    count: () => listeners.length,
  };
}

export interface FakePort extends RouterPort {
  /** Frames this end has posted (as JSON text lengths), for size assertions. */
  readonly postedSizes: number[];
  readonly disconnected: boolean;
}

/** Two connected Port ends. Delivery is asynchronous and JSON-serialised, like Chrome's. */
export function portPair(name: string, sender?: SenderLike): [FakePort, FakePort] {
  const make = (): FakePort & { _peer?: FakePort & { _receive(json: string): void; _peerGone(): void } } => {
    const onMessage = event<[unknown]>();
    const onDisconnect = event<[]>();
    let disconnected = false;
    const postedSizes: number[] = [];
    const port = {
      name,
      postedSizes,
      get disconnected() {
        return disconnected;
      },
      onMessage,
      onDisconnect,
      postMessage(message: unknown) {
        if (disconnected) throw new Error('Attempting to use a disconnected port object');
        const json = JSON.stringify(message);
        postedSizes.push(json.length);
        const peer = port._peer!;
        queueMicrotask(() => peer._receive(json));
      },
      disconnect() {
        if (disconnected) return;
        disconnected = true;
        const peer = port._peer!;
        queueMicrotask(() => peer._peerGone());
      },
      _receive(json: string) {
        if (!disconnected) onMessage.emit(JSON.parse(json));
      },
      _peerGone() {
        if (disconnected) return;
        disconnected = true;
        onDisconnect.emit();
      },
      _peer: undefined as unknown as FakePort & { _receive(json: string): void; _peerGone(): void },
    };
    return port;
  };
  const a = make();
  const b = make();
  a._peer = b as never;
  b._peer = a as never;
  b.sender = sender;
  return [a, b];
}

export const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;

export const SENDERS = {
  popup: { id: EXTENSION_ID, url: `${EXTENSION_BASE}src/popup/index.html`, origin: `chrome-extension://${EXTENSION_ID}` },
  optionsInTab: { id: EXTENSION_ID, url: `${EXTENSION_BASE}src/options/index.html`, origin: `chrome-extension://${EXTENSION_ID}`, tab: { id: 7 }, frameId: 0 },
  gmailContentScript: { id: EXTENSION_ID, url: 'https://mail.google.com/mail/u/0/#inbox', origin: 'https://mail.google.com', tab: { id: 3 }, frameId: 0 },
  webPage: { url: 'https://evil.example/', origin: 'https://evil.example', tab: { id: 4 }, frameId: 0 },
  otherExtension: { id: 'zyxwvutsrqponmlkzyxwvutsrqponmlk', url: 'chrome-extension://zyxwvutsrqponmlkzyxwvutsrqponmlk/bg.js', origin: 'chrome-extension://zyxwvutsrqponmlkzyxwvutsrqponmlk' },
  otherExtensionClaimingOurUrl: { id: 'zyxwvutsrqponmlkzyxwvutsrqponmlk', url: `${EXTENSION_BASE}src/popup/index.html` },
  ourIdButWebOriginPage: { id: EXTENSION_ID, url: `${EXTENSION_BASE}src/popup/index.html`, origin: 'https://evil.example' },
  noTabNoExtensionUrl: { id: EXTENSION_ID, url: 'https://mail.google.com/' },
} satisfies Record<string, SenderLike>;

export interface FakeChrome extends ChromeLike {
  runtime: ChromeLike['runtime'] & {
    /** Open a Port to the background as if from `sender`; returns the caller's end. */
    connectAs(sender: SenderLike, name?: string): PortLike & { disconnected: boolean };
    /** The background's ends of every Port opened so far (to simulate the worker going away). */
    serverPorts: FakePort[];
  };
  alarms: NonNullable<ChromeLike['alarms']> & { active: Map<string, { periodInMinutes?: number }>; fire(name: string): void };
  action: NonNullable<ChromeLike['action']> & { badges: Map<number | undefined, string> };
}

export function fakeChrome(): FakeChrome {
  const onConnect = event<[RouterPort]>();
  const onAlarm = event<[{ name: string }]>();
  const active = new Map<string, { periodInMinutes?: number }>();
  const badges = new Map<number | undefined, string>();
  const serverPorts: FakePort[] = [];
  return {
    runtime: {
      id: EXTENSION_ID,
      getURL: (path: string) => `${EXTENSION_BASE}${path.replace(/^\//, '')}`,
      getManifest: () => ({ version: '0.1.0' }),
      onConnect,
      serverPorts,
      connectAs(sender, name = 'smime-rpc') {
        const [client, server] = portPair(name, sender);
        serverPorts.push(server);
        onConnect.emit(server);
        return client;
      },
    },
    alarms: {
      active,
      create: (name, info) => void active.set(name, info),
      clear: (name) => active.delete(name),
      onAlarm,
      fire: (name) => onAlarm.emit({ name }),
    },
    action: {
      badges,
      setBadgeText: ({ tabId, text }) => void badges.set(tabId, text),
      setBadgeBackgroundColor: () => undefined,
    },
  };
}
