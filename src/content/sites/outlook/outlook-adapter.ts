// Outlook on the web's implementation of SiteAdapter (outlook.live.com, outlook.office.com, outlook.office365.com).
// Messages are the bodies in the reading pane; a message's container is the highest element under the pane that
// holds no other body. Ids: the route's item id when one message is shown; in a conversation showing several, the
// conversation's items from service.svc in date order, matched by position, and the fetched From is checked against
// the sender shown on that message, so a mismatch is an error rather than another message's verdict.
import type { MessageHandle, RawSource, SiteAdapter } from '../site-adapter';
import { RawSourceError } from '../site-adapter';
import { RateLimiter } from '../../rate-limiter';
import * as S from './outlook-selectors';
import { conversationId, mailboxIndex, routeItem } from './outlook-ids';
import { requestPageHeaders } from './outlook-page-headers';
import { conversationItemIds, type FetchFn, type ServiceContext } from './outlook-service-svc';
import { fetchOutlookRawSource, type GraphReader } from './outlook-raw-source';
import { fromIsShown } from './outlook-shown-from';

export type OutlookRef = { kind: 'item'; itemId: string } | { kind: 'conversation'; conversationId: string; index: number; count: number };

export interface OutlookMessageHandle extends MessageHandle {
  readonly ref: OutlookRef;
}

class OutlookHandle implements OutlookMessageHandle {
  private located: { mount: MessageHandle['mount'] } | null = null;
  constructor(
    readonly id: string,
    readonly container: Element,
    readonly body: Element | null,
    readonly attachmentNames: readonly string[],
    readonly ref: OutlookRef,
  ) {}

  get mount(): MessageHandle['mount'] {
    if (this.located) return this.located.mount;
    const anchor = this.body;
    const mount = anchor?.parentElement && this.container.contains(anchor) ? { parent: anchor.parentElement, before: anchor } : { parent: this.container, before: this.container.firstElementChild };
    return (this.located = { mount }).mount;
  }

  get shownFrom(): string | undefined {
    return senderOf(this.container, this.body);
  }
}

/** The address Outlook shows as this message's sender (outside the body, which the mail's author controls). */
function senderOf(container: Element, body: Element | null): string | undefined {
  for (const sel of S.SENDER) {
    for (const el of Array.from(container.querySelectorAll(sel))) {
      if (body?.contains(el)) continue;
      const m = S.ADDRESS.exec(el.getAttribute('title') ?? el.getAttribute('aria-label') ?? '');
      if (m) return m[1].toLowerCase();
    }
  }
  return undefined;
}

/** Names on the attachment items of one message (outside its body). */
function attachmentNames(container: Element, body: Element | null): string[] {
  const names: string[] = [];
  for (const el of S.queryAllFirst(container, S.ATTACHMENT)) {
    if (body?.contains(el)) continue;
    const n = (el.getAttribute('title') ?? '').trim();
    if (n && names.length < 100) names.push(n);
  }
  return names;
}

/** For each body: the highest ancestor below `pane` that contains no other body. */
function containersOf(pane: Element, bodies: readonly Element[]): Element[] {
  const set = new Set(bodies);
  return bodies.map((b) => {
    let c = b;
    while (c.parentElement && c.parentElement !== pane) {
      const p = c.parentElement;
      let other = false;
      for (const x of set) if (x !== b && p.contains(x)) other = true;
      if (other) break;
      c = p;
    }
    return c;
  });
}

export class OutlookAdapter implements SiteAdapter {
  readonly name = 'outlook';
  readonly changedMessage = 'statusOutlookChanged';
  readonly idAttributes = [S.CONVERSATION_ID_ATTR, 'aria-selected'];
  readonly watchSelector = [...S.READING_PANE, ...S.CONVERSATION, ...S.MESSAGE_BODY].join(', ');
  private readonly limiter: RateLimiter;
  private readonly conversations = new Map<string, Promise<string[]>>();

  constructor(
    private readonly win: Window,
    private readonly graph: GraphReader,
    private readonly fetchFn: FetchFn = (i, init) => fetch(i, init),
    limiter?: RateLimiter,
  ) {
    this.limiter = limiter ?? new RateLimiter(3, 1000);
  }

  findOpenMessages(root: ParentNode): OutlookMessageHandle[] {
    const pane = S.queryFirst(root, S.CONVERSATION);
    if (!pane) return [];
    const bodies = S.queryAllFirst(pane, S.MESSAGE_BODY);
    if (bodies.length === 0) return [];
    const route = routeItem(this.win.location.pathname);
    const conv = conversationId(S.queryFirst(root, S.SELECTED_ROW)?.getAttribute(S.CONVERSATION_ID_ATTR) ?? null);
    const containers = containersOf(pane, bodies);
    const out: OutlookMessageHandle[] = [];
    for (let i = 0; i < bodies.length; i++) {
      let ref: OutlookRef;
      if (bodies.length === 1 && route) ref = { kind: 'item', itemId: route.itemId };
      else if (conv) ref = { kind: 'conversation', conversationId: conv, index: i, count: bodies.length };
      else continue; // nothing identifies this message: better no bar than another message's bar
      const id = ref.kind === 'item' ? `item:${ref.itemId}` : `conv:${ref.conversationId}:${ref.index}/${ref.count}`;
      const body = S.queryFirst(bodies[i], S.BODY_DOCUMENT.slice(0, 1)) ?? bodies[i];
      out.push(new OutlookHandle(id, containers[i], body, attachmentNames(containers[i], bodies[i]), ref));
    }
    return out;
  }

  senderAddress(handle: MessageHandle): string | null {
    const a = handle.shownFrom?.trim() ?? '';
    return /^[^\s@]+@[^\s@]+$/.test(a) && a.length <= 320 ? a : null;
  }

  private async serviceContext(signal?: AbortSignal): Promise<ServiceContext> {
    const headers = await requestPageHeaders(this.win.document);
    return { origin: this.win.location.origin, mailbox: mailboxIndex(this.win.location.pathname), headers, fetchFn: this.fetchFn, ...(signal ? { signal } : {}) };
  }

  private conversationItems(conversation: string, signal?: AbortSignal): Promise<string[]> {
    let p = this.conversations.get(conversation);
    if (!p) {
      p = (async () => {
        await this.limiter.acquire();
        return conversationItemIds(await this.serviceContext(signal), conversation);
      })();
      p.catch(() => this.conversations.delete(conversation));
      this.conversations.set(conversation, p);
      if (this.conversations.size > 50) this.conversations.delete(this.conversations.keys().next().value as string);
    }
    return p;
  }

  async fetchRawSource(handle: MessageHandle, signal?: AbortSignal): Promise<RawSource> {
    const ref = (handle as OutlookMessageHandle).ref;
    if (!ref) throw new RawSourceError('not-a-message', 'no usable Outlook message id');
    let itemId: string | null = null;
    let lookupError: unknown;
    if (ref.kind === 'item') itemId = ref.itemId;
    else {
      try {
        const ids = await this.conversationItems(ref.conversationId, signal);
        if (ids.length !== ref.count) throw new RawSourceError('changed', `the conversation has ${ids.length} messages, the page shows ${ref.count}`);
        itemId = ids[ref.index];
      } catch (e) {
        lookupError = e;
      }
    }
    const got = await fetchOutlookRawSource(itemId, () => this.serviceContext(signal), this.graph, this.limiter, signal, lookupError);
    if (ref.kind === 'conversation') {
      // Found by position: no verdict unless its From is exactly the sender shown (and one is shown at all).
      if (!fromIsShown(got.bytes, handle.shownFrom)) {
        throw new RawSourceError('unavailable', 'the fetched message is not provably the one shown (its From differs or cannot be compared)');
      }
    }
    return got;
  }

  detectBroken(root: ParentNode): boolean {
    if (!routeItem(this.win.location.pathname)) return false;
    const main = S.queryFirst(root, S.MAIN);
    if (!main) return true; // a reading route, but not even the main region is recognisable
    if (main.childElementCount === 0) return false; // still loading
    const pane = S.queryFirst(main, S.READING_PANE);
    return pane === null || S.queryFirst(pane, S.MESSAGE_BODY) === null;
  }

  noticeMount(doc: Document): Element {
    return S.queryFirst(doc, S.READING_PANE) ?? S.queryFirst(doc, S.MAIN) ?? doc.body;
  }
}
