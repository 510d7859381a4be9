// Sending: the Google OAuth client ID the composer signs in with, and the defaults for new messages (sign, encrypt,
// hide the subject per address; detached or opaque signing). The same operations back the composer's own panel.
import { addressKey } from '../crypto/mime/address-key';
import { useEffect, useState } from 'preact/hooks';
import type { AccountComposeDefaults, ComposeSettings, IdentityView, OAuthSettingsView } from '../shared/messages';
import { defaultToggles, identitiesFor } from '../composer/compose-rules';
import { CheckOption } from '../ui/check-option';
import { errorTextOf } from '../ui/error-text';
import { SENDING_GUIDE_URL } from '../ui/docs-links';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { OutlookSignInCard } from '../ui/outlook-sign-in-card';
import { callOrThrow } from '../ui/rpc';

/** Addresses to offer defaults for: every address of the user's identities, plus any already configured. */
function senderAddresses(identities: IdentityView[], settings: ComposeSettings): string[] {
  return [...new Set([...identities.flatMap((i) => i.emails), ...settings.accounts.map((a) => a.address)].map(addressKey))].sort();
}

/** The stored defaults for an address (sign, do not encrypt when there is no entry): what a change builds on. */
function storedDefaultsFor(settings: ComposeSettings, address: string): AccountComposeDefaults {
  return settings.accounts.find((a) => a.address === address) ?? { address, sign: true, encrypt: false };
}

function ClientIdCard() {
  const [view, setView] = useState<OAuthSettingsView | null>(null);
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  useEffect(() => {
    callOrThrow('get-oauth-settings', {})
      .then((v) => {
        setView(v);
        setValue(v.source === 'options' ? (v.clientId ?? '') : '');
      })
      .catch((e) => setMessage({ tone: 'bad', text: errorTextOf(e) }));
  }, []);
  const save = async (clientId: string | null) => {
    try {
      const v = await callOrThrow('set-oauth-settings', { clientId });
      setView(v);
      setValue(v.source === 'options' ? (v.clientId ?? '') : '');
      setMessage({ tone: 'good', text: t('sendingSaved') });
    } catch (e) {
      setMessage({ tone: 'bad', text: errorTextOf(e) });
    }
  };
  return (
    <div class="card" id="sending-oauth">
      <h3>{t('sendingClientIdTitle')}</h3>
      <p class="muted">{t('sendingClientIdExplain')}</p>
      <p>
        <a id="sending-guide" href={SENDING_GUIDE_URL} target="_blank" rel="noopener noreferrer">
          {t('sendingGuideLink')}
        </a>
      </p>
      <label class="field wide" for="sending-client-id">
        <span>{t('composeClientId')}</span>
        <input
          id="sending-client-id"
          type="text"
          autocomplete="off"
          spellcheck={false}
          value={value}
          placeholder={view?.source === 'build' ? t('composeClientIdBuiltIn') : '1234-abc.apps.googleusercontent.com'}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
      <p class="muted">
        {t('composeRedirectUri')} <span class="mono" id="sending-redirect-uri">{view?.redirectUri ?? ''}</span>
      </p>
      <p class="muted" id="sending-client-kind">
        {t('composeClientKindWeb')}
      </p>
      <p class="muted" id="sending-client-source" data-source={view?.source ?? ''}>
        {view ? t(view.source === 'options' ? 'sendingSourceOptions' : view.source === 'build' ? 'sendingSourceBuild' : 'sendingSourceNone') : ''}
      </p>
      <div class="row">
        <button type="button" id="sending-save-client-id" onClick={() => void save(value.trim() || null)}>
          {t('composeSave')}
        </button>
        {view?.source === 'options' && (
          <button type="button" class="secondary" id="sending-clear-client-id" onClick={() => void save(null)}>
            {t('sendingClear')}
          </button>
        )}
      </div>
      {message && <Notice tone={message.tone} test="sending-client-id-message">{message.text}</Notice>}
    </div>
  );
}

function DefaultsCard({ identities }: { identities: IdentityView[] }) {
  const [settings, setSettings] = useState<ComposeSettings | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    callOrThrow('get-compose-settings', {}).then(setSettings, (e) => setError(errorTextOf(e)));
  }, []);
  const change = async (patch: Partial<ComposeSettings>) => {
    try {
      setSettings(await callOrThrow('set-compose-settings', patch));
      setError('');
    } catch (e) {
      setError(errorTextOf(e));
    }
  };
  if (!settings) return error ? <Notice tone="bad">{error}</Notice> : <p class="muted">{t('uiLoading')}</p>;
  const addresses = senderAddresses(identities, settings);
  const setAccount = (address: string, patch: Partial<AccountComposeDefaults>) =>
    change({ accounts: [...settings.accounts.filter((a) => a.address !== address), { ...storedDefaultsFor(settings, address), ...patch }] });
  return (
    <div class="card" id="sending-defaults">
      <h3>{t('sendingDefaultsTitle')}</h3>
      {addresses.length === 0 && <p class="muted">{t('sendingNoAddresses')}</p>}
      {addresses.map((address) => {
        // What the composer will actually do: the same rule, so an address whose certificates have all expired
        // is never shown as "signed by default".
        const canSign = identitiesFor(address, identities).length > 0;
        const d = defaultToggles(address, canSign, settings, false);
        return (
          <fieldset class="account-defaults" key={address} data-address={address} data-can-sign={String(canSign)}>
            <legend class="mono">{address}</legend>
            {!canSign && <p class="muted no-valid-certificate">{t('sendingNoValidCertificate')}</p>}
            <label class="check">
              <input type="checkbox" class="default-sign" checked={d.sign} disabled={!canSign} onChange={(e) => void setAccount(address, { sign: e.currentTarget.checked })} />
              <span>{t('sendingSignByDefault')}</span>
            </label>
            <label class="check">
              <input type="checkbox" class="default-encrypt" checked={d.encrypt} disabled={!canSign} onChange={(e) => void setAccount(address, { encrypt: e.currentTarget.checked })} />
              <span>{t('sendingEncryptByDefault')}</span>
            </label>
          </fieldset>
        );
      })}
      <CheckOption
        id="sending-hide-subject"
        checked={settings.hideSubjectByDefault}
        onChange={(on) => void change({ hideSubjectByDefault: on })}
        title={t('sendingHideSubject')}
        explain={t('sendingHideSubjectExplain')}
      />
      <CheckOption
        id="sending-opaque"
        checked={settings.signingForm === 'opaque'}
        onChange={(on) => void change({ signingForm: on ? 'opaque' : 'detached' })}
        title={t('sendingOpaque')}
        explain={t('sendingOpaqueExplain')}
      />
      {error && <Notice tone="bad">{error}</Notice>}
    </div>
  );
}

export function SendingSection({ identities }: { identities: IdentityView[] }) {
  return (
    <section id="sending" class="stack">
      <h2>{t('sendingTitle')}</h2>
      <ClientIdCard />
      <OutlookSignInCard />
      <DefaultsCard identities={identities} />
    </section>
  );
}
