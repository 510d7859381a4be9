// The Outlook (Microsoft) sign-in settings and the sign-in dependencies built from them: the Entra application id
// (Options, else built in), whether the Graph read path (Mail.Read) is on, and the redirect URI to register.
import type { MsOAuthSettingsView } from '../../shared/messages';
import type { BackgroundDeps } from '../handlers';
import { KeystoreError } from '../keystore/keystore-error';
import type { MicrosoftOAuthDeps } from './microsoft-oauth';
import type { SendServices } from './send-services';

export function sendServices(deps: BackgroundDeps): SendServices {
  if (!deps.send) throw new KeystoreError('not-implemented', 'Sending is not available in this context.');
  return deps.send;
}

export async function msSettingsView(deps: BackgroundDeps): Promise<MsOAuthSettingsView> {
  const send = sendServices(deps);
  const row = await deps.keystore.db.get('meta', 'ms-oauth-settings');
  const stored = row && row.key === 'ms-oauth-settings' ? row : null;
  const graphRead = stored?.graphRead ?? false;
  if (stored?.clientId) return { clientId: stored.clientId, source: 'options', redirectUri: send.msRedirectUri, graphRead };
  if (send.buildMsClientId) return { clientId: send.buildMsClientId, source: 'build', redirectUri: send.msRedirectUri, graphRead };
  return { clientId: null, source: 'none', redirectUri: send.msRedirectUri, graphRead };
}

export function msOAuthDeps(deps: BackgroundDeps): MicrosoftOAuthDeps {
  const send = sendServices(deps);
  return {
    clientId: async () => (await msSettingsView(deps)).clientId,
    wantsRead: async () => (await msSettingsView(deps)).graphRead,
    redirectUri: send.msRedirectUri,
    launchWebAuthFlow: (url, interactive) => send.launchWebAuthFlow(url, interactive),
    fetch: (url, init) => send.fetch(url, { method: init.method, headers: init.headers, body: new TextEncoder().encode(init.body) }),
    session: send.session,
    now: () => deps.keystore.clock.now(),
  };
}
