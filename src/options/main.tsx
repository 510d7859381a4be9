// The certificate manager (options page): import, the certificate list, trust, lock and settings, as tabs.
// Hash routes (#import, #certificates, #trust, #lock, #sending, #settings) let the popup open a given tab.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { applyDocumentLanguage, t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';
import { UnlockForm } from '../ui/unlock-form';
import { OPEN_FILE_PAGE } from '../ui/open-page';
import { CertificateList } from './certificate-list';
import { FirstRunGuide } from './first-run-guide';
import { ImportSection } from './import-section';
import { LockSection } from './lock-section';
import { SendingSection } from './sending-section';
import { SettingsSection } from './settings-section';
import { TrustSection } from './trust-section';
import { useManagerData } from './use-manager-data';

type Tab = 'certificates' | 'trust' | 'lock' | 'sending' | 'settings';
const TABS: Tab[] = ['certificates', 'trust', 'lock', 'sending', 'settings'];
const TAB_LABEL: Record<Tab, string> = { certificates: 'tabCertificates', trust: 'tabTrust', lock: 'tabLock', sending: 'tabSending', settings: 'tabSettings' };

function tabFromHash(): Tab {
  const h = location.hash.slice(1);
  return (TABS as string[]).includes(h) ? (h as Tab) : 'certificates';
}

function Manager() {
  const { data, error, reload } = useManagerData();
  const [tab, setTab] = useState<Tab>(tabFromHash());
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    addEventListener('hashchange', onHash);
    // Another page (the popup) may lock or import meanwhile: refresh when this tab comes back into view.
    const onVisible = () => document.visibilityState === 'visible' && void reload();
    document.addEventListener('visibilitychange', onVisible);
    if (location.hash === '#import') document.getElementById('import-password')?.scrollIntoView();
    return () => {
      removeEventListener('hashchange', onHash);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);

  const status = data?.status;
  return (
    <div class="page">
      <header class="top">
        <div>
          <h1>{t('extName')}</h1>
          <p class="muted">{t('optionsSubtitle')}</p>
        </div>
        <div class="row">
          {status?.hasPassphrase && !status.locked && (
            <button
              type="button"
              class="secondary"
              id="header-lock-now"
              onClick={async () => {
                await call('lock-now', {});
                void reload();
              }}
            >
              {t('lockNow')}
            </button>
          )}
          <a href={chrome.runtime.getURL(OPEN_FILE_PAGE)} target="_blank" rel="noopener">
            {t('actionOpenFile')}
          </a>
        </div>
      </header>
      <nav class="tabs" role="tablist">
        {TABS.map((name) => (
          <a
            key={name}
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            class={tab === name ? 'tab active' : 'tab'}
            href={`#${name}`}
          >
            {t(TAB_LABEL[name])}
          </a>
        ))}
      </nav>
      <main>
        {error && <Notice tone="bad">{error}</Notice>}
        {!data && !error && <p class="muted">{t('uiLoading')}</p>}
        {data && status?.locked && tab !== 'lock' && (
          <div class="card" id="locked-banner">
            <UnlockForm onUnlocked={() => void reload()} />
          </div>
        )}
        {data && tab === 'certificates' && (
          <div class="stack">
            <FirstRunGuide identityCount={data.identities.length} />
            <ImportSection onImported={() => void reload()} />
            <CertificateList data={data} onChanged={() => void reload()} />
          </div>
        )}
        {data && tab === 'trust' && <TrustSection anchors={data.anchors} onChanged={() => void reload()} />}
        {data && tab === 'lock' && <LockSection status={data.status} onChanged={() => void reload()} />}
        {data && tab === 'sending' && <SendingSection identities={data.identities} />}
        {data && tab === 'settings' && <SettingsSection settings={data.settings} onChanged={() => void reload()} />}
      </main>
    </div>
  );
}

applyDocumentLanguage();
render(<Manager />, document.getElementById('app')!);
