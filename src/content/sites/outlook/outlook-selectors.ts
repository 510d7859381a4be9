// EVERY Outlook on the web selector and route pattern lives here, so a redesign is a one-file fix. Outlook's class
// names are generated at build time and change, and its ARIA labels are localised (a Japanese Outlook says
// something else), so only ids, data-* attributes and roles are used: never class names, never label text.

/** The app's main region. */
export const MAIN = ['div[role="main"]', '[role="main"]'];
/** The reading pane: the conversation view, the single-message view, and their common parent. */
export const READING_PANE = ['#ConversationReadingPaneContainer', '#ItemReadingPaneContainer', '#ReadingPaneContainerId'];
/** The list of messages of the open conversation (or the single message). */
export const CONVERSATION = ['[data-app-section="ConversationContainer"]', '#ItemReadingPaneContainer', '#ConversationReadingPaneContainer'];
/** One message's body (the marker) and its rendered document. */
export const MESSAGE_BODY = ['[data-app-section="MessageBody"]', 'div[role="document"]'];
export const BODY_DOCUMENT = ['div[role="document"]', '[data-app-section="MessageBody"]'];
/** Attachment names: the attachment items carry the file name in their title attribute. */
export const ATTACHMENT = ['[role="listbox"] [role="option"][title]', '[role="option"][title]', '[title$=".p7m" i], [title$=".p7s" i]'];
/** The shown sender: an element whose title holds an e-mail address (display only; the verdict reads the raw From). */
export const SENDER = ['[title*="@"]', '[aria-label*="@"]'];
/** Message-list rows: data-convid is the conversation id; the open one is aria-selected. */
export const LIST_ROW = ['[data-convid]'];
export const SELECTED_ROW = ['[data-convid][aria-selected="true"]'];
export const CONVERSATION_ID_ATTR = 'data-convid';

/** Routes that open one message: /mail/[<n>/]<folder…>/id/<id> and /mail/[<n>/]deeplink/read/<id>. */
export const ITEM_ROUTE = /^\/mail\/(?:(\d{1,2})\/)?(?:[^?#]*?\/)?id\/([^/?#]{8,600})\/?$/;
export const DEEPLINK_ROUTE = /^\/mail\/(?:(\d{1,2})\/)?deeplink\/read\/([^/?#]{8,600})\/?$/;
/** Any mail route (for the "Outlook changed" check: a reading route whose pane we cannot find). */
export const MAIL_ROUTE = /^\/mail(?:\/|$)/;

// ---- compose launcher (src/content/outlook-compose-launcher.ts) ----
// Outlook's New mail / Reply / Forward buttons have no known stable hook (only localised labels), so the launchers
// do not look for them: "new" floats in the page's corner, reply/forward sit above each open message's body.
/** The signed-in mailbox, where Outlook exposes it: the account manager (work accounts) shows the address. */
export const ACCOUNT_BUTTON = ['#mectrl_currentAccount_secondary', '#O365_MainLink_Me [title*="@"]'];
export const ADDRESS = /([^\s()<>@"]+@[^\s()<>@"]+\.[^\s()<>@"]+)/;

export { queryAllFirst, queryFirst } from '../query-first';
