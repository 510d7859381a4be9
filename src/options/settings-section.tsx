// Settings: whether signers' certificates from valid signatures are kept, so the user can encrypt to them.
import { useState } from 'preact/hooks';
import type { Settings } from '../shared/messages';
import { errorText } from '../ui/error-text';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';

export function SettingsSection({ settings, onChanged }: { settings: Settings; onChanged(): void }) {
  const [error, setError] = useState('');
  return (
    <section id="settings" class="stack">
      <h2>{t('settingsTitle')}</h2>
      <div class="card">
        <label class="check">
          <input
            id="harvest"
            type="checkbox"
            checked={settings.harvestCertificates}
            onChange={async (e) => {
              const r = await call('set-settings', { harvestCertificates: e.currentTarget.checked });
              if (!r.ok) setError(errorText(r.error.code, r.error.message));
              onChanged();
            }}
          />
          <span>
            <strong>{t('settingsHarvest')}</strong>
            <br />
            <span class="muted">{t('settingsHarvestExplain')}</span>
          </span>
        </label>
        {error && <Notice tone="bad">{error}</Notice>}
      </div>
    </section>
  );
}
