// Gmail's implementation of SiteAdapter: finds open messages with the selectors module, fetches raw sources with
// the page's session (rate-limited), and notices when Gmail's DOM no longer matches what we know.
import type { MessageHandle, RawSource, SiteAdapter } from '../site-adapter';
import { RawSourceError } from '../site-adapter';
import * as S from './gmail-selectors';
import { ikFromUrl, requestIkFromPage } from './gmail-ik';
import { decimalIdToHex, fetchGmailRawSource, type FetchFn, type GmailMessageRef } from './gmail-raw-source';
import { RateLimiter } from '../../rate-limiter';

export interface GmailMessageHandle extends MessageHandle {
  /** Null when the ids on the page are unusable. */
  readonly ref: GmailMessageRef | null;
  readonly cardUrls: readonly string[];
}

const NO_CARDS: { names: string[]; urls: string[] } = { names: [], urls: [] };

/** A message handle whose DOM lookups (body, mount point, sender, legacy id) happen only when asked: most
 * messages are not S/MIME, and a scan over a long thread must stay cheap. */
class GmailHandle implements GmailMessageHandle {
  private located: { body: Element | null; mount: MessageHandle['mount'] } | null = null;

  constructor(
    readonly id: string,
    readonly container: Element,
    readonly attachmentNames: readonly string[],
    readonly cardUrls: readonly string[],
    private readonly account: number,
    private readonly permId: string,
  ) {}

  private locate(): { body: Element | null; mount: MessageHandle['mount'] } {
    if (this.located) return this.located;
    const wrapper = S.queryFirst(this.container, S.BODY_WRAPPER);
    const body = S.queryFirst(this.container, S.BODY);
    const anchor = wrapper ?? body;
    const mount = anchor?.parentElement ? { parent: anchor.parentElement, before: anchor } : { parent: this.container, before: this.container.firstElementChild };
    return (this.located = { body, mount });
  }

  get body(): Element | null {
    return this.locate().body;
  }

  get mount(): MessageHandle['mount'] {
    return this.locate().mount;
  }

  get shownFrom(): string | undefined {
    return S.queryFirst(this.container, S.SENDER)?.getAttribute('email') ?? undefined;
  }

  get ref(): GmailMessageRef | null {
    const legacyAttr = this.container.getAttribute(S.LEGACY_MESSAGE_ID_ATTR) ?? '';
    const legacyHex = LEGACY_HEX.test(legacyAttr) ? legacyAttr : decimalIdToHex(this.permId);
    return legacyHex ? { account: this.account, permId: this.permId, legacyHex } : null;
  }
}

const LEGACY_HEX = /^[0-9a-f]{8,20}$/;

export function accountIndex(pathname: string): number {
  const m = S.ACCOUNT_PATH.exec(pathname);
  return m ? Number(m[1]) : 0;
}

/** A card's download_url is "mime:name:url"; the name is what sits between the first ':' and ':http'. */
export function parseDownloadUrl(value: string): { name: string; url: string } | null {
  const i = value.indexOf(':');
  const j = value.indexOf(':http', i + 1);
  if (i < 0 || j < 0) return null;
  return { name: value.slice(i + 1, j), url: value.slice(j + 1) };
}

function readCards(cards: readonly Element[]): { names: string[]; urls: string[] } {
  const names: string[] = [];
  const urls: string[] = [];
  for (let i = 0; i < cards.length && i < 100; i++) {
    const card = cards[i];
    const du = card.getAttribute(S.ATTACHMENT_CARD_URL_ATTR);
    const parsed = du ? parseDownloadUrl(du) : null;
    const nameEl = parsed ? null : S.queryFirst(card, S.ATTACHMENT_NAME);
    const name = parsed?.name ?? nameEl?.textContent?.trim() ?? '';
    if (name) names.push(name);
    const link = parsed?.url ?? S.queryFirst(card, S.ATTACHMENT_LINK)?.getAttribute('href') ?? '';
    if (link) urls.push(link);
  }
  return { names, urls };
}

/** All attachment cards under root, grouped by the message that holds them: one query for the whole thread. */
function cardsByMessage(root: ParentNode): Map<Element, Element[]> {
  const map = new Map<Element, Element[]>();
  const containerSelector = S.MESSAGE_CONTAINER.join(', ');
  for (const card of S.queryAllFirst(root, S.ATTACHMENT_CARD)) {
    const container = card.closest(containerSelector);
    if (!container) continue;
    const list = map.get(container);
    if (list) list.push(card);
    else map.set(container, [card]);
  }
  return map;
}

export class GmailAdapter implements SiteAdapter {
  readonly name = 'gmail';
  readonly changedMessage = 'statusGmailChanged';
  readonly idAttributes = [S.MESSAGE_ID_ATTR, S.LEGACY_MESSAGE_ID_ATTR];
  readonly watchSelector = [...S.MESSAGE_CONTAINER, ...S.ATTACHMENT_CARD, ...S.BODY_WRAPPER].join(', ');
  private readonly limiter: RateLimiter;

  constructor(
    private readonly win: Window = window,
    private readonly fetchFn: FetchFn = (i, init) => fetch(i, init),
    limiter?: RateLimiter,
  ) {
    this.limiter = limiter ?? new RateLimiter(3, 1000);
  }

  findOpenMessages(root: ParentNode): GmailMessageHandle[] {
    const account = accountIndex(this.win.location.pathname);
    const out: GmailMessageHandle[] = [];
    const cards = cardsByMessage(root);
    for (const container of S.queryAllFirst(root, S.MESSAGE_CONTAINER)) {
      const perm = S.PERM_MESSAGE_ID.exec(container.getAttribute(S.MESSAGE_ID_ATTR) ?? '');
      if (!perm) continue; // msg-a:r… (just sent) has no fetchable id yet
      const own = cards.get(container);
      const { names, urls } = own ? readCards(own) : NO_CARDS;
      out.push(new GmailHandle(`u${account}:${perm[1]}`, container, names, urls, account, perm[1]));
    }
    return out;
  }

  senderAddress(handle: MessageHandle): string | null {
    const a = handle.shownFrom?.trim() ?? '';
    return /^[^\s@]+@[^\s@]+$/.test(a) && a.length <= 320 ? a : null;
  }

  async fetchRawSource(handle: MessageHandle, signal?: AbortSignal): Promise<RawSource> {
    const h = handle as GmailMessageHandle;
    const ref = h.ref;
    if (!ref) throw new RawSourceError('not-a-message', 'no usable Gmail message id');
    let ik = await requestIkFromPage(this.win.document);
    for (const u of h.cardUrls) ik ??= ikFromUrl(u);
    if (!ik) throw new RawSourceError('no-ik', 'Gmail did not expose its ik key (GLOBALS[9])');
    const got = await fetchGmailRawSource(ref, ik, this.limiter, this.fetchFn, signal);
    return { bytes: got.bytes, via: got.via === 'att' ? 'gmail-att' : 'gmail-om' };
  }

  detectBroken(root: ParentNode): boolean {
    if (!S.THREAD_ROUTE.test(this.win.location.hash)) return false;
    const main = S.queryFirst(root, S.MAIN);
    if (!main) return true; // a conversation route, but not even the main pane is recognisable
    if (main.childElementCount === 0) return false; // still loading
    return S.queryFirst(main, S.MESSAGE_CONTAINER) === null;
  }

  noticeMount(doc: Document): Element {
    return S.queryFirst(doc, S.MAIN) ?? doc.body;
  }
}
