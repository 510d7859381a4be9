// Settings for revocation: "Check revocation online" asks for the http/https host permission from this click (the
// service worker cannot show the prompt, and we do not ask for every site at install), and gives it back when
// switched off; "Require revocation checking" turns an unknown status into a warning verdict.
import { useState } from 'preact/hooks';
import type { Settings } from '../shared/messages';
import { CheckOption } from '../ui/check-option';
import { rpcErrorText } from '../ui/error-text';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';

const ORIGINS = ['http://*/*', 'https://*/*'];

interface PermissionsApi {
  request(p: { origins: string[] }): Promise<boolean>;
  remove(p: { origins: string[] }): Promise<boolean>;
}

function permissionsApi(): PermissionsApi | undefined {
  return (globalThis as { chrome?: { permissions?: PermissionsApi } }).chrome?.permissions;
}

export function RevocationSettings({ settings, onChanged }: { settings: Settings; onChanged(): void }) {
  const [note, setNote] = useState('');
  const save = async (patch: Partial<Settings>): Promise<void> => {
    const r = await call('set-settings', patch);
    if (!r.ok) setNote(rpcErrorText(r.error));
    onChanged();
  };
  return (
    <>
      <CheckOption
        id="revocation-online"
        checked={settings.checkRevocationOnline}
        onChange={async (on) => {
          setNote('');
          const api = permissionsApi();
          if (on) {
            // Called first, synchronously inside the click, so the browser shows its prompt.
            const granted = api ? await api.request({ origins: ORIGINS }).catch(() => false) : false;
            if (!granted) {
              setNote(t('settingsRevocationDenied'));
              onChanged();
              return;
            }
            await save({ checkRevocationOnline: true });
          } else {
            await save({ checkRevocationOnline: false });
            await api?.remove({ origins: ORIGINS }).catch(() => false);
          }
        }}
        title={t('settingsRevocationOnline')}
        explain={t('settingsRevocationOnlineExplain')}
      />
      <CheckOption
        id="revocation-require"
        checked={settings.requireRevocation}
        onChange={(on) => void save({ requireRevocation: on })}
        title={t('settingsRequireRevocation')}
        explain={t('settingsRequireRevocationExplain')}
      />
      {note && <Notice tone="warn">{note}</Notice>}
    </>
  );
}
