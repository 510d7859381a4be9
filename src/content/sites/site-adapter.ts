// The one interface a webmail site implements (Gmail, Outlook on the web), so the read-view controller,
// the status bar and the decrypted frame never touch site-specific selectors or URLs.

/** One open (expanded) message in the page. Handles are recreated on every scan; `id` is what stays stable. */
export interface MessageHandle {
  /** Stable across re-renders and navigation, unique per account, e.g. "u0:msg-f:1790412345678908919". */
  readonly id: string;
  /** The element that holds the whole message (header, body, attachment cards). */
  readonly container: Element;
  /** The rendered body, or null when the site shows none (e.g. an encrypted message). */
  readonly body: Element | null;
  /** Attachment names as shown on the cards (may be empty). */
  readonly attachmentNames: readonly string[];
  /** The status bar is inserted into `parent`, before `before` (null = append). */
  readonly mount: { readonly parent: Element; readonly before: Element | null };
  /** The sender address shown by the site, if any (display only; the verdict uses the raw From). */
  readonly shownFrom?: string;
}

import type { RawSourceVia } from '../../shared/messages';

export type { RawSourceVia };

export interface RawSource {
  bytes: Uint8Array;
  via: RawSourceVia;
}

export interface SiteAdapter {
  readonly name: string;
  /** The i18n message shown when the site's page no longer matches what the adapter knows ("<site> changed"). */
  readonly changedMessage: string;
  /** Attributes whose change means an element now shows another message (watched by the observer). */
  readonly idAttributes: readonly string[];
  /** Elements whose arrival or removal can change the open messages (containers, cards); a CSS selector list. */
  readonly watchSelector: string;
  /** Open messages under `root`. Must be cheap: called after each batch of DOM mutations. */
  findOpenMessages(root: ParentNode): MessageHandle[];
  /**
   * The sender's address as the site shows it (no fetch; cheap enough for every opened message), or null. Used for
   * sender signals on unsigned mail; verified mail uses the From of the raw message instead.
   */
  senderAddress(handle: MessageHandle): string | null;
  /**
   * The message's raw RFC 5322 source, as bytes, and the path that produced it. Rejects with a RawSourceError;
   * code `unavailable` means every path failed and the reader is told to download the message instead.
   */
  fetchRawSource(handle: MessageHandle, signal?: AbortSignal): Promise<RawSource>;
  /** True when the page looks like a message view but none of the known selectors match (site redesign). */
  detectBroken(root: ParentNode): boolean;
  /** Where a page-level notice (e.g. "site changed") is mounted when no message can be found. */
  noticeMount(root: Document): Element;
}

export type RawSourceErrorCode =
  | 'no-ik'
  | 'no-session'
  | 'http'
  | 'not-a-message'
  | 'too-large'
  | 'network'
  | 'aborted'
  | 'changed' // the site's service answered in a shape we do not know
  | 'not-authorised' // the documented API needs a sign-in the user has not given
  | 'unavailable'; // no path worked: the reader should download the message and open it in the extension

export class RawSourceError extends Error {
  readonly code: RawSourceErrorCode;
  constructor(code: RawSourceErrorCode, message: string) {
    super(message);
    this.name = 'RawSourceError';
    this.code = code;
  }
}
