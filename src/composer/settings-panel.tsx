// Sending settings shown in the composer (also reachable from Options through the same operations): the OAuth
// client id, detached or opaque signing, and this account's Sign/Encrypt defaults.
import { useEffect, useState } from 'preact/hooks';
import type { ComposeSettings, MailProvider, OAuthSettingsView } from '../shared/messages';
import { OutlookSignInCard } from '../ui/outlook-sign-in-card';
import { t } from '../ui/i18n';
import { callOrThrow } from '../ui/rpc';
import { sendErrorText } from './send-error-text';

export function SettingsPanel(props: { account: string; provider: MailProvider; settings: ComposeSettings; onSettings(s: ComposeSettings): void }) {
  const [oauth, setOauth] = useState<OAuthSettingsView | null>(null);
  const [clientId, setClientId] = useState('');
  const [message, setMessage] = useState('');
  useEffect(() => {
    void callOrThrow('get-oauth-settings', {}).then((v) => {
      setOauth(v);
      setClientId(v.source === 'options' ? (v.clientId ?? '') : '');
    });
  }, []);
  const mine = props.settings.accounts.find((a) => a.address === props.account) ?? { address: props.account, sign: true, encrypt: false };
  const saveAccount = async (patch: Partial<typeof mine>) => {
    const accounts = [...props.settings.accounts.filter((a) => a.address !== props.account), { ...mine, ...patch }];
    props.onSettings(await callOrThrow('set-compose-settings', { accounts }));
  };
  return (
    <details class="settings" id="compose-settings">
      <summary>{t('composeSettings')}</summary>
      {props.provider === 'outlook' && <OutlookSignInCard />}
      {props.provider !== 'outlook' && (
      <>
      <label class="field">
        <span>{t('composeClientId')}</span>
        <input id="oauth-client-id" value={clientId} placeholder={oauth?.source === 'build' ? t('composeClientIdBuiltIn') : '1234-abc.apps.googleusercontent.com'} onInput={(e) => setClientId((e.target as HTMLInputElement).value)} />
      </label>
      <p class="muted">
        {t('composeRedirectUri')} <span class="mono">{oauth?.redirectUri}</span>
      </p>
      <p class="muted">{t('composeClientKindWeb')}</p>
      <div class="row">
        <button
          id="save-client-id"
          class="secondary"
          onClick={async () => {
            try {
              setOauth(await callOrThrow('set-oauth-settings', { clientId: clientId.trim() || null }));
              setMessage(t('composeSaved'));
            } catch (e) {
              setMessage(sendErrorText(e).text);
            }
          }}
        >
          {t('composeSave')}
        </button>
        <span role="status">{message}</span>
      </div>
      </>
      )}
      <label class="check">
        <input
          type="checkbox"
          id="opaque-signing"
          checked={props.settings.signingForm === 'opaque'}
          onChange={async (e) => props.onSettings(await callOrThrow('set-compose-settings', { signingForm: (e.target as HTMLInputElement).checked ? 'opaque' : 'detached' }))}
        />
        <span>{t('composeOpaqueSigning')}</span>
      </label>
      {props.account && (
        <div>
          <label class="check">
            <input type="checkbox" id="default-sign" checked={mine.sign} onChange={(e) => void saveAccount({ sign: (e.target as HTMLInputElement).checked })} />
            <span>{t('composeDefaultSign', [props.account])}</span>
          </label>
          <label class="check">
            <input type="checkbox" id="default-encrypt" checked={mine.encrypt} onChange={(e) => void saveAccount({ encrypt: (e.target as HTMLInputElement).checked })} />
            <span>{t('composeDefaultEncrypt', [props.account])}</span>
          </label>
        </div>
      )}
    </details>
  );
}
