// Settings: whether signers' certificates from valid signatures are kept, so the user can encrypt to them.
import { useState } from 'preact/hooks';
import type { Settings } from '../shared/messages';
import { CheckOption } from '../ui/check-option';
import { rpcErrorText } from '../ui/error-text';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';
import { RevocationSettings } from './revocation-settings';

export function SettingsSection({ settings, onChanged }: { settings: Settings; onChanged(): void }) {
  const [error, setError] = useState('');
  return (
    <section id="settings" class="stack">
      <h2>{t('settingsTitle')}</h2>
      <div class="card">
        <CheckOption
          id="harvest"
          checked={settings.harvestCertificates}
          onChange={async (on) => {
            const r = await call('set-settings', { harvestCertificates: on });
            if (!r.ok) setError(rpcErrorText(r.error));
            onChanged();
          }}
          title={t('settingsHarvest')}
          explain={t('settingsHarvestExplain')}
        />
        <RevocationSettings settings={settings} onChanged={onChanged} />
        {error && <Notice tone="bad">{error}</Notice>}
      </div>
    </section>
  );
}
