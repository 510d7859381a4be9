// Outlook operations: the Graph read path for the Outlook content script (only with a Graph sign-in the user
// already gave: a page can never open a sign-in window), and the Microsoft sign-in settings for extension pages.
import type { OperationName, RequestOf, ResponseOf } from '../../shared/messages';
import type { BackgroundDeps, CallerInfo } from '../handlers';
import { KeystoreError } from '../keystore/keystore-error';
import { SendError } from './gmail-send';
import { readMimeViaGraph } from './graph-mail';
import { getMicrosoftToken } from './microsoft-oauth';
import { msOAuthDeps, msSettingsView, sendServices } from './microsoft-settings';

type OutlookOp = 'outlook-graph-mime' | 'get-ms-oauth-settings' | 'set-ms-oauth-settings' | 'ms-sign-in';
type Handler<Op extends OperationName> = (deps: BackgroundDeps, request: RequestOf<Op>, caller: CallerInfo) => Promise<ResponseOf<Op>>;

/** The Outlook origins our content script runs on (manifest host matches). */
export const OUTLOOK_ORIGINS = ['https://outlook.live.com', 'https://outlook.office.com', 'https://outlook.office365.com'];

export function isOutlookUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return OUTLOOK_ORIGINS.includes(new URL(url).origin);
  } catch {
    return false;
  }
}

export const OUTLOOK_HANDLERS: { [Op in OutlookOp]: Handler<Op> } = {
  'outlook-graph-mime': async (deps, req, caller) => {
    if (!isOutlookUrl(caller.url)) throw new KeystoreError('forbidden', 'Only the Outlook content script may use the Graph read path.');
    const settings = await msSettingsView(deps);
    if (!settings.graphRead) throw new KeystoreError('graph-not-authorised', 'The Microsoft Graph read path is off (Options → Sending → Outlook).');
    // Never interactive: reading a message must not open a sign-in window the page could trigger at will.
    const token = await getMicrosoftToken(msOAuthDeps(deps), null, 'read', false);
    try {
      return { message: await readMimeViaGraph(sendServices(deps).fetch, token.accessToken, req.id) };
    } catch (e) {
      if (e instanceof SendError) throw new KeystoreError(e.kind === 'unauthorized' ? 'graph-not-authorised' : e.kind === 'too-large' ? 'too-large' : 'send-rejected', e.message);
      throw e;
    }
  },
  'get-ms-oauth-settings': async (deps) => msSettingsView(deps),
  'set-ms-oauth-settings': async (deps, req) => {
    const current = await msSettingsView(deps);
    const row = await deps.keystore.db.get('meta', 'ms-oauth-settings');
    const stored = row && row.key === 'ms-oauth-settings' ? row.clientId : null;
    await deps.keystore.db.put('meta', {
      key: 'ms-oauth-settings',
      clientId: req.clientId === undefined ? stored : req.clientId,
      graphRead: req.graphRead ?? current.graphRead,
    });
    return msSettingsView(deps);
  },
  /** From Options: sign in now (e.g. to turn the Graph read path on), so reading never needs a window later. */
  'ms-sign-in': async (deps, req) => {
    const t = await getMicrosoftToken(msOAuthDeps(deps), req.account ?? null, req.purpose, true);
    return { account: t.email };
  },
};
