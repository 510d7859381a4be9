// Site-independent read view: watches the page (a single-page app) with a MutationObserver, finds open messages
// through the SiteAdapter, fetches only those that may be S/MIME, and shows one status bar per message id.
// Verdicts are keyed by message id and a bar is never reused for another message, so nothing leaks between them.
// A message waiting for an unlock is retried by itself: the keystore status is polled (with backoff) while any is.
import type { VerifyResult } from '../crypto/types';
import type { TabVerdict } from '../shared/messages';
import { messageDigest } from '../shared/message-digest';
import type { ReadViewBackend } from './engine-client';
import { RawSourceError, type MessageHandle, type RawSourceVia, type SiteAdapter } from './sites/site-adapter';
import { actionForRaw, mayBeSmime } from './smime-hints';
import { makeVerdict, tabVerdictOf, unsignedVerdict, verdictWithSender, worstTabVerdict, type Verdict } from './verdict';
import { SenderWatch } from './sender-watch';
import { createStatusBar, STATUS_HOST_ATTR, type StatusBar } from './ui/status-bar';
import { openExtensionFrame, type ExtensionFrame, type FrameMessage } from './ui/extension-frame';
import { t } from '../ui/i18n';

interface MessageState {
  id: string;
  verdict: Verdict;
  action?: 'verify' | 'decrypt';
  result?: VerifyResult;
  raw?: Uint8Array; // kept only for encrypted messages, to hand to the decrypted frame again after a re-render
  via?: RawSourceVia; // which raw-source path the site adapter used (shown in the details)
  reply?: ReplyInfo; // what the decrypted frame's Reply buttons pass on to the composer
  firstSeen: number;
  verdictAt?: number;
  /** SHA-256 of the raw message: names it to the background, which keeps its own verdict for the badge and popup. */
  digest?: string;
}

interface MountedBar {
  bar: StatusBar;
  details: ExtensionFrame | null;
  decrypted: ExtensionFrame | null;
}

/**
 * Aggregate timings for the e2e benchmark (the page can ask for them, so: sums and maxima only, no message ids).
 * Open→verdict is measured from the first scan that saw a message to its first final verdict.
 */
export interface PerfStats {
  batches: number;
  batchTotalMs: number;
  batchMaxMs: number;
  scans: number;
  scanTotalMs: number;
  scanMaxMs: number;
  verdicts: number;
  openToVerdictTotalMs: number;
  openToVerdictMaxMs: number;
  /** Raw sources fetched, and the background's verify calls (encrypted mail is not verified here). */
  fetches: number;
  fetchTotalMs: number;
  fetchedBytes: number;
  verifies: number;
  verifyTotalMs: number;
}

/** What a reply from the decrypted frame needs besides the message: the tab's account and the thread (site-specific). */
export interface ReplyInfo {
  account?: string;
  threadId?: string;
}

export interface ReadViewOptions {
  replyInfo?(handle: MessageHandle): ReplyInfo;
}

const BROKEN_GRACE_MS = 2500;
const LOCK_POLL_MIN_MS = 1000;
const LOCK_POLL_MAX_MS = 10_000;
const DECRYPT_TIMEOUT_MS = 20_000;
const MAX_STATES = 500;
const MAX_DETAILS_RAW = 20;

export class ReadViewController {
  private readonly states = new Map<string, MessageState>();
  private readonly bars = new Map<string, MountedBar>();
  private readonly barOfContainer = new WeakMap<Element, MountedBar>();
  private observer: MutationObserver | null = null;
  private scheduled = false;
  private brokenSince: number | null = null;
  private notice: StatusBar | null = null;
  private lastTabVerdict: string | null = null;
  private lockTimer: ReturnType<typeof setTimeout> | null = null;
  private lockDelay = LOCK_POLL_MIN_MS;
  private lockChecking = false;
  /** Look-alike and signing-habit answers per sender (one background look-up each). */
  private readonly senders: SenderWatch;
  readonly perf: PerfStats = {
    batches: 0,
    batchTotalMs: 0,
    batchMaxMs: 0,
    scans: 0,
    scanTotalMs: 0,
    scanMaxMs: 0,
    verdicts: 0,
    openToVerdictTotalMs: 0,
    openToVerdictMaxMs: 0,
    fetches: 0,
    fetchTotalMs: 0,
    fetchedBytes: 0,
    verifies: 0,
    verifyTotalMs: 0,
  };

  constructor(
    private readonly doc: Document,
    private readonly adapter: SiteAdapter,
    private readonly backend: ReadViewBackend,
    private readonly options: ReadViewOptions = {},
  ) {
    this.senders = new SenderWatch(backend, () => this.schedule());
  }

  start(): void {
    const watch = `${this.adapter.watchSelector}, [${STATUS_HOST_ATTR}]`;
    this.observer = new MutationObserver((records) => {
      const t0 = performance.now();
      if (this.isRelevant(records, watch)) this.schedule();
      this.recordBatch(performance.now() - t0);
    });
    // Attribute changes matter only for message ids (a recycled container gets a new id).
    this.observer.observe(this.doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: [...this.adapter.idAttributes] });
    this.doc.defaultView?.addEventListener('hashchange', () => this.schedule());
    // Back from the popup or another tab (where the user may have unlocked): check at once instead of waiting.
    this.doc.addEventListener('visibilitychange', this.onReturn);
    this.doc.defaultView?.addEventListener('focus', this.onReturn);
    this.schedule();
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.doc.removeEventListener('visibilitychange', this.onReturn);
    this.doc.defaultView?.removeEventListener('focus', this.onReturn);
    if (this.lockTimer !== null) clearTimeout(this.lockTimer);
    this.lockTimer = null;
  }

  /** Only batches that add or remove messages, cards or our own bars (or change ids) trigger a scan. */
  private isRelevant(records: MutationRecord[], watch: string): boolean {
    const touches = (nodes: NodeList): boolean => {
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i];
        if (n.nodeType !== 1) continue;
        const e = n as Element;
        if (e.matches(watch) || (e.firstElementChild !== null && e.querySelector(watch) !== null)) return true;
      }
      return false;
    };
    for (const r of records) {
      if (r.type === 'attributes') return true;
      if (touches(r.addedNodes) || touches(r.removedNodes)) return true;
    }
    return false;
  }

  private recordBatch(ms: number): void {
    this.perf.batches++;
    this.perf.batchTotalMs += ms;
    if (ms > this.perf.batchMaxMs) this.perf.batchMaxMs = ms;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // One scan per burst of mutations: Gmail mutates in many small batches while it renders a thread.
    setTimeout(() => {
      this.scheduled = false;
      const t0 = performance.now();
      this.scan();
      const ms = performance.now() - t0;
      this.perf.scans++;
      this.perf.scanTotalMs += ms;
      if (ms > this.perf.scanMaxMs) this.perf.scanMaxMs = ms;
    }, 0);
  }

  /** Public for tests: one pass over the open messages. */
  scan(): void {
    const handles = this.adapter.findOpenMessages(this.doc);
    const visible: TabVerdict[] = [];
    const digests: string[] = [];
    for (const h of handles) {
      if (!mayBeSmime(h)) {
        const v = this.unsignedSignal(h);
        if (v) {
          visible.push(v.tab);
          if (v.key) digests.push(v.key);
        } else this.removeBarOf(h.container);
        continue;
      }
      let state = this.states.get(h.id);
      if (!state) {
        state = { id: h.id, verdict: makeVerdict('checking'), firstSeen: performance.now() };
        this.remember(state);
        void this.process(h, state);
      }
      this.ensureBar(h, state);
      visible.push(tabVerdictOf(state.verdict.kind));
      if (state.digest) digests.push(state.digest);
    }
    this.checkBroken(handles.length);
    this.updateTabVerdict(this.notice ? 'unavailable' : worstTabVerdict(visible), digests);
  }

  /**
   * A message with no S/MIME part: from the page's sender element only (never its raw source), one cached look-up
   * per sender. A bar appears only when there is something to say: a look-alike or a missing signature.
   */
  private unsignedSignal(h: MessageHandle): { tab: TabVerdict; key?: string } | null {
    const from = this.adapter.senderAddress(h);
    const v = from ? unsignedVerdict(from, this.senders.forUnsigned(from)) : null;
    if (!from || !v) return null;
    let state = this.states.get(h.id);
    if (!state || state.verdict.kind !== v.kind || state.verdict.substitutions.join() !== v.substitutions.join()) {
      state = { id: h.id, verdict: v, firstSeen: performance.now() };
      this.remember(state);
      const stale = this.barOfContainer.get(h.container);
      if (stale) this.removeBarOf(h.container);
    }
    this.ensureBar(h, state);
    const mounted = this.bars.get(h.id);
    if (v.kind === 'signature-missing') mounted?.bar.setAction(t('signatureMissingDismiss'), () => void this.senders.dismiss(from).catch(() => undefined));
    return { tab: tabVerdictOf(v.kind), key: this.senders.keyOf(from) };
  }

  private remember(state: MessageState): void {
    this.states.set(state.id, state);
    if (this.states.size > MAX_STATES) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
    }
  }

  private removeBarOf(container: Element): void {
    const mounted = this.barOfContainer.get(container);
    if (!mounted) return;
    mounted.bar.host.remove();
    this.barOfContainer.delete(container);
    if (this.bars.get(mounted.bar.messageId) === mounted) this.bars.delete(mounted.bar.messageId);
  }

  private ensureBar(h: MessageHandle, state: MessageState): void {
    let mounted = this.barOfContainer.get(h.container);
    // Gmail may recycle a container for another message: never let one message's bar stand on another.
    if (mounted && mounted.bar.messageId !== h.id) {
      this.removeBarOf(h.container);
      mounted = undefined;
    }
    if (mounted && mounted.bar.host.isConnected && mounted.bar.host.parentElement === h.mount.parent) return;
    if (mounted) mounted.bar.host.remove();
    const bar = createStatusBar(this.doc, h.id, () => this.toggleDetails(h.id));
    const fresh: MountedBar = { bar, details: null, decrypted: null };
    h.mount.parent.insertBefore(bar.host, h.mount.before);
    this.barOfContainer.set(h.container, fresh);
    this.bars.set(h.id, fresh);
    bar.render(state.verdict, state.result !== undefined);
    if (state.action === 'decrypt' && state.raw) this.mountDecrypted(fresh, state);
  }

  private async process(h: MessageHandle, state: MessageState): Promise<void> {
    try {
      const t0 = performance.now();
      const { bytes: raw, via } = await this.adapter.fetchRawSource(h);
      state.via = via;
      this.perf.fetches++;
      this.perf.fetchTotalMs += Math.round(performance.now() - t0);
      this.perf.fetchedBytes += raw.length;
      state.digest = await messageDigest(raw);
      state.action = actionForRaw(raw);
      if (state.action === 'decrypt') {
        state.raw = raw;
        state.reply = this.options.replyInfo?.(h);
        this.setVerdict(state, makeVerdict('decrypting'));
        const mounted = this.bars.get(state.id);
        if (mounted) this.mountDecrypted(mounted, state);
        return;
      }
      const t2 = performance.now();
      const result = await this.backend.verify(raw);
      this.perf.verifies++;
      this.perf.verifyTotalMs += Math.round(performance.now() - t2);
      state.result = result;
      this.rememberForDetails(state.id, raw);
      // The address book's view of the sender comes first (before harvest adds this sender to it), so a look-alike
      // of a known sender leads the bar instead of a green tick.
      const from = result.from[0];
      const signals = from ? await this.senders.forSigned(from) : undefined;
      this.setVerdict(state, verdictWithSender(result, { signals }));
      // Harvest only certificates that sign for the address the mail claims (never from a From-mismatch phish).
      if (result.signature === 'valid' && result.sender === 'match') {
        void this.backend
          .harvest(raw)
          .then(({ changed, firstContact }) => {
            this.senders.forgetUnsigned(from); // the habit may just have been learnt: ask again for unsigned mail
            if (changed || firstContact) this.setVerdict(state, verdictWithSender(result, { signals, certificateChanged: changed, firstContact }));
          })
          .catch(() => undefined);
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // Every path to the raw source failed: the reader can still download the message and open it with us.
      if (e instanceof RawSourceError && e.code === 'unavailable') this.setVerdict(state, makeVerdict('download-hint', [message.slice(0, 200)]));
      else this.setVerdict(state, makeVerdict('error', [message.slice(0, 200)]));
    }
  }

  private setVerdict(state: MessageState, v: Verdict): void {
    state.verdict = v;
    if (v.kind !== 'checking' && v.kind !== 'decrypting' && state.verdictAt === undefined) {
      state.verdictAt = performance.now();
      const ms = Math.round((state.verdictAt - state.firstSeen) * 10) / 10;
      this.perf.verdicts++;
      this.perf.openToVerdictTotalMs += ms;
      if (ms > this.perf.openToVerdictMaxMs) this.perf.openToVerdictMaxMs = ms;
    }
    const mounted = this.bars.get(state.id);
    if (mounted?.bar.host.isConnected) mounted.bar.render(v, state.result !== undefined);
    this.schedule(); // refresh the badge
  }

  private mountDecrypted(mounted: MountedBar, state: MessageState): void {
    if (mounted.decrypted || !state.raw) return;
    // The frame gets a one-time token for a message the background holds, never the ciphertext itself.
    const payload = this.backend.stage(state.raw, 'decrypt').then((token) => ({ token }));
    const frame = openExtensionFrame(this.doc, mounted.bar.panel, {
      page: 'src/viewer/decrypted.html',
      payload,
      sandbox: 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-downloads',
      title: t('decryptedFrameTitle'),
      initialHeight: 120,
      onMessage: (m: FrameMessage) => this.onDecryptedMessage(state, m),
    });
    mounted.decrypted = frame;
    // A frame that never answers (page missing from the build, blocked by the site) must not spin forever.
    setTimeout(() => {
      if (mounted.decrypted === frame && state.verdict.kind === 'decrypting') this.setVerdict(state, makeVerdict('error', ['the decrypted view did not load']));
    }, DECRYPT_TIMEOUT_MS);
  }

  private onDecryptedMessage(state: MessageState, m: FrameMessage): void {
    if (m.type === 'compose') return this.composeFrom(state, m.mode);
    if (m.type !== 'outcome') return;
    switch (m.status) {
      case 'decrypted':
        this.setVerdict(state, makeVerdict('encrypted', [typeof m.identity === 'string' ? m.identity.slice(0, 200) : '']));
        break;
      case 'not-for-you': {
        this.setVerdict(state, makeVerdict('not-for-you'));
        const mounted = this.bars.get(state.id);
        mounted?.decrypted?.destroy(); // the bar says it all; nothing to show
        if (mounted) mounted.decrypted = null;
        state.raw = undefined;
        state.action = 'verify'; // do not re-open the frame on re-render
        break;
      }
      case 'locked':
        this.setVerdict(state, makeVerdict('locked'));
        this.watchLock();
        break;
      default:
        this.setVerdict(state, makeVerdict('error', [typeof m.message === 'string' ? m.message.slice(0, 200) : 'decryption failed']));
    }
  }

  /**
   * The decrypted frame's Reply / Reply all / Forward: only the mode crosses the port; this script already holds the
   * message (ciphertext), and the background decrypts it again to quote what the reader saw.
   */
  private composeFrom(state: MessageState, mode: unknown): void {
    if (mode !== 'reply' && mode !== 'reply-all' && mode !== 'forward') return;
    if (!state.raw || state.verdict.kind !== 'encrypted') return;
    void this.backend.openComposer(mode, state.raw, state.reply ?? {}).catch(() => undefined);
  }

  // ----- waiting for an unlock -----

  private anyLocked(): boolean {
    for (const s of this.states.values()) if (s.verdict.kind === 'locked' && s.raw) return true;
    return false;
  }

  private readonly onReturn = (): void => {
    if (this.doc.visibilityState !== 'visible' || !this.anyLocked()) return;
    if (this.lockTimer !== null) clearTimeout(this.lockTimer);
    this.lockTimer = null;
    this.lockDelay = LOCK_POLL_MIN_MS;
    void this.checkLock();
  };

  /** Polls the keystore status with backoff (1 s growing to 10 s) while any message waits for an unlock. */
  private watchLock(): void {
    if (this.lockTimer !== null || this.lockChecking) return;
    this.lockTimer = setTimeout(() => {
      this.lockTimer = null;
      void this.checkLock();
    }, this.lockDelay);
  }

  private async checkLock(): Promise<void> {
    if (this.lockChecking) return;
    if (!this.anyLocked()) {
      this.lockDelay = LOCK_POLL_MIN_MS;
      return;
    }
    this.lockChecking = true;
    let locked = true;
    try {
      locked = await this.backend.isLocked();
    } catch {
      // the background is restarting: ask again later
    } finally {
      this.lockChecking = false;
    }
    if (!locked) {
      this.lockDelay = LOCK_POLL_MIN_MS;
      this.retryLocked();
      return;
    }
    this.lockDelay = Math.min(Math.round(this.lockDelay * 1.6), LOCK_POLL_MAX_MS);
    this.watchLock();
  }

  /** Unlocked: every message that said "unlock" gets a fresh decrypted frame, which asks the background again. */
  private retryLocked(): void {
    for (const state of this.states.values()) {
      if (state.verdict.kind !== 'locked' || !state.raw) continue;
      const mounted = this.bars.get(state.id);
      mounted?.decrypted?.destroy();
      if (mounted) mounted.decrypted = null;
      this.setVerdict(state, makeVerdict('decrypting'));
      if (mounted?.bar.host.isConnected) this.mountDecrypted(mounted, state);
    }
  }

  /** Raw sources of the last few verified messages, so their details can be staged again; bounded. */
  private readonly rawForDetails = new Map<string, Uint8Array>();

  private rememberForDetails(id: string, raw: Uint8Array): void {
    this.rawForDetails.delete(id);
    this.rawForDetails.set(id, raw);
    while (this.rawForDetails.size > MAX_DETAILS_RAW) {
      const oldest = this.rawForDetails.keys().next().value;
      if (oldest === undefined) break;
      this.rawForDetails.delete(oldest);
    }
  }

  private toggleDetails(id: string): void {
    const mounted = this.bars.get(id);
    const state = this.states.get(id);
    if (!mounted || !state) return;
    if (mounted.details) {
      mounted.details.destroy();
      mounted.details = null;
      return;
    }
    const raw = this.rawForDetails.get(id);
    if (!state.result || !raw) return;
    // The details frame re-verifies in the background from a token: the page cannot hand it a forged result.
    mounted.details = openExtensionFrame(this.doc, mounted.bar.panel, {
      page: 'src/viewer/details.html',
      payload: this.backend.stage(raw, 'details', state.via).then((token) => ({ token })),
      sandbox: 'allow-scripts allow-same-origin',
      title: t('detailsTitle'),
      initialHeight: 200,
    });
  }

  private checkBroken(found: number): void {
    const broken = found === 0 && this.adapter.detectBroken(this.doc);
    if (!broken) {
      this.brokenSince = null;
      if (this.notice) {
        this.notice.host.remove();
        this.notice = null;
      }
      return;
    }
    const now = performance.now();
    if (this.brokenSince === null) {
      this.brokenSince = now;
      setTimeout(() => this.schedule(), BROKEN_GRACE_MS + 50);
      return;
    }
    if (now - this.brokenSince < BROKEN_GRACE_MS) return;
    if (!this.notice || !this.notice.host.isConnected) {
      this.notice = createStatusBar(this.doc, 'site-notice', () => undefined);
      this.notice.render({ ...makeVerdict('unavailable'), messageName: this.adapter.changedMessage }, false);
      const where = this.adapter.noticeMount(this.doc);
      where.insertBefore(this.notice.host, where.firstChild);
    }
  }

  private updateTabVerdict(v: TabVerdict, digests: string[]): void {
    const key = `${v} ${digests.join(',')}`;
    if (key === this.lastTabVerdict) return;
    this.lastTabVerdict = key;
    void this.backend.setTabVerdict(v, digests.slice(0, 100)).catch(() => undefined);
  }
}
