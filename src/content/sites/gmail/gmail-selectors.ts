// EVERY Gmail selector lives here, with fallbacks (data-* / role / name attributes first, class names last),
// so a Gmail redesign is a one-file fix. Nothing else in the extension may hard-code Gmail's DOM.

/** An open message: the element carrying data-message-id="#msg-f:<decimal>" (today: div.adn). */
export const MESSAGE_CONTAINER = ['div[data-message-id^="#msg-"]', '[data-message-id^="#msg-"]', 'div.adn[data-legacy-message-id]'];
export const MESSAGE_ID_ATTR = 'data-message-id';
export const LEGACY_MESSAGE_ID_ATTR = 'data-legacy-message-id';
/** Thread ids (h2.hP carries data-legacy-thread-id; data-thread-perm-id="thread-f:<decimal>"). */
export const THREAD = ['[data-legacy-thread-id]', '[data-thread-perm-id]', 'h2.hP'];
/** The body wrapper (.ii.gt) and the rendered body (.a3s.aiL) inside one message. */
export const BODY_WRAPPER = ['div.ii.gt', '.ii.gt'];
export const BODY = ['.ii.gt .a3s.aiL', '.a3s.aiL', '.a3s'];
/** Attachment cards: span.aZo under .aQH; the card's download_url attribute is "mime:name:url". */
export const ATTACHMENT_CARD = ['span[download_url], .aQH span.aZo, .aZo'];
export const ATTACHMENT_CARD_URL_ATTR = 'download_url';
export const ATTACHMENT_NAME = ['.aV3', '[data-tooltip]', 'a[aria-label]'];
export const ATTACHMENT_LINK = ['a[href*="view=att"]', 'a[href]'];
/** Sender: span.gD carries email= and name= attributes. */
export const SENDER = ['span[email][name]', '[email]'];
/** The app's main pane; when a thread route is open it must contain messages. */
export const MAIN = ['div[role="main"]', '[role="main"]'];

/** Hash routes of an open conversation: #inbox/<id>, #label/x/<id>, #search/q/<id>, … (ids are 16+ chars). */
export const THREAD_ROUTE = /^#(?:[a-z-]+|label\/[^/]+|search\/[^/]+|category\/[^/]+)\/[A-Za-z0-9_-]{10,}$/;

/** The account index of this tab: /mail/u/<N>/. */
export const ACCOUNT_PATH = /^\/mail\/u\/(\d{1,2})(?:\/|$)/;
/** data-message-id values we can fetch (msg-a:r… is a just-sent message without a permanent id yet). */
export const PERM_MESSAGE_ID = /^#?(msg-f:\d{1,20})$/;

export { queryAllFirst, queryFirst } from '../query-first';

// ---- compose launcher (src/content/compose-launcher.ts) ----
/** Gmail's Compose button (div.T-I.T-I-KE.L3 with gh="cm"). */
export const COMPOSE_BUTTON = ['div[gh="cm"]', '[role="button"].T-I-KE', '.T-I.T-I-KE.L3'];
/** The Reply / Forward links under an open message (span.ams.bkH / .bkG). */
export const REPLY_BUTTON = ['span.ams.bkH[role="link"]', 'span.ams.bkH', '[role="link"][data-action="reply"]'];
export const FORWARD_BUTTON = ['span.ams.bkG[role="link"]', 'span.ams.bkG'];
/** The signed-in account: Gmail's title reads "Inbox (3) - user@gmail.com - Gmail"; the account button's label has it too. */
export const ACCOUNT_TITLE = /\s-\s([^\s@]+@[^\s@]+)\s-\s/;
export const ACCOUNT_BUTTON = ['a[aria-label*="@"][href*="accounts.google.com"]', 'a[aria-label*="@"]'];
export const ACCOUNT_LABEL_EMAIL = /([^\s()@]+@[^\s()@]+\.[^\s()@]+)/;
