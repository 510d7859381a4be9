// The Outlook sign-in settings, shown in Options → Sending and in the composer when it sends from Outlook: the
// Entra application (client) id, the redirect URI to register, the optional Graph read path (Mail.Read), and a
// button to sign in now (so reading through Graph never needs a sign-in window opened from a page).
import { useEffect, useState } from 'preact/hooks';
import type { MsOAuthSettingsView } from '../shared/messages';
import { OUTLOOK_SENDING_GUIDE_URL } from './docs-links';
import { errorTextOf } from './error-text';
import { t } from './i18n';
import { callOrThrow } from './rpc';

export function OutlookSignInCard() {
  const [view, setView] = useState<MsOAuthSettingsView | null>(null);
  const [value, setValue] = useState('');
  const [message, setMessage] = useState('');
  useEffect(() => {
    callOrThrow('get-ms-oauth-settings', {})
      .then((v) => {
        setView(v);
        setValue(v.source === 'options' ? (v.clientId ?? '') : '');
      })
      .catch((e) => setMessage(errorTextOf(e)));
  }, []);
  const save = async (patch: { clientId?: string | null; graphRead?: boolean }) => {
    try {
      setView(await callOrThrow('set-ms-oauth-settings', patch));
      setMessage(t('composeSaved'));
    } catch (e) {
      setMessage(errorTextOf(e));
    }
  };
  return (
    <div class="card" id="outlook-sign-in">
      <h3>{t('msSettingsTitle')}</h3>
      <p class="muted">{t('msSettingsExplain')}</p>
      <p>
        <a id="ms-guide" href={OUTLOOK_SENDING_GUIDE_URL} target="_blank" rel="noopener noreferrer">
          {t('msGuideLink')}
        </a>
      </p>
      <label class="field wide">
        <span>{t('msClientId')}</span>
        <input id="ms-client-id" type="text" autocomplete="off" value={value} placeholder={view?.source === 'build' ? t('composeClientIdBuiltIn') : '00000000-0000-0000-0000-000000000000'} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      </label>
      <p class="muted">
        {t('msRedirectUri')} <span class="mono" id="ms-redirect-uri">{view?.redirectUri}</span>
      </p>
      <div class="row">
        <button id="ms-save-client-id" class="secondary" onClick={() => void save({ clientId: value.trim() || null })}>
          {t('composeSave')}
        </button>
        <button
          id="ms-sign-in"
          class="secondary"
          disabled={!view?.clientId}
          onClick={async () => {
            try {
              const r = await callOrThrow('ms-sign-in', { purpose: view?.graphRead ? 'read' : 'send' });
              setMessage(t('msSignedIn', [r.account]));
            } catch (e) {
              setMessage(errorTextOf(e));
            }
          }}
        >
          {t('msSignIn')}
        </button>
        <span role="status" id="ms-status">{message}</span>
      </div>
      <label class="check">
        <input type="checkbox" id="ms-graph-read" checked={view?.graphRead ?? false} onChange={(e) => void save({ graphRead: (e.target as HTMLInputElement).checked })} />
        <span>{t('msGraphRead')}</span>
      </label>
    </div>
  );
}
