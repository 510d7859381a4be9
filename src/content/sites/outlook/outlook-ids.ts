// Outlook item and conversation ids as they appear in routes and attributes. Exchange ids are base64: the EWS
// form (service.svc) uses "+" and "/", the REST/Graph form uses "-" and "_" in their place (Office.js
// convertToRestId: "/" → "-", "+" → "_"). Both are page-controlled, so they are checked strictly before they go
// into a request body or URL.
import * as S from './outlook-selectors';

const EWS_ID = /^[A-Za-z0-9+/]{8,600}={0,2}$/;
const REST_ID = /^[A-Za-z0-9_-]{8,600}={0,2}$/;

/** The EWS form of an id in either form, or null when it is neither. */
export function toEwsId(id: string): string | null {
  if (EWS_ID.test(id)) return id;
  if (REST_ID.test(id)) return id.replace(/-/g, '/').replace(/_/g, '+');
  return null;
}

/** The REST/Graph form of an id in either form, or null when it is neither. */
export function toRestId(id: string): string | null {
  const ews = toEwsId(id);
  return ews ? ews.replace(/\//g, '-').replace(/\+/g, '_') : null;
}

export interface OutlookRoute {
  /** The /mail/<n>/ mailbox index (0 when absent). */
  mailbox: number;
  /** The item id from the route, in EWS form. */
  itemId: string;
}

/** The open item of a reading route, or null (inbox list, settings, calendar…). */
export function routeItem(pathname: string): OutlookRoute | null {
  const m = S.DEEPLINK_ROUTE.exec(pathname) ?? S.ITEM_ROUTE.exec(pathname);
  if (!m) return null;
  let raw: string;
  try {
    raw = decodeURIComponent(m[2]);
  } catch {
    return null;
  }
  const itemId = toEwsId(raw);
  return itemId ? { mailbox: m[1] ? Number(m[1]) : 0, itemId } : null;
}

/** The /mail/<n>/ index of this tab (for the /owa/<n>/service.svc path). */
export function mailboxIndex(pathname: string): number {
  const m = /^\/mail\/(\d{1,2})(?:\/|$)/.exec(pathname);
  return m ? Number(m[1]) : 0;
}

/** A conversation id from data-convid, in EWS form, or null. */
export function conversationId(value: string | null): string | null {
  return value ? toEwsId(value) : null;
}
