// Popup entry: status (locked/unlocked, expiring certificates) and quick actions.
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { VerifyResult } from '../crypto/types';
import type { ExpiringEntry, KeystoreStatus, TabVerdictView } from '../shared/messages';
import { errorTextOf } from '../ui/error-text';
import { applyDocumentLanguage, t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call, callOrThrow } from '../ui/rpc';
import { UnlockForm } from '../ui/unlock-form';
import { PopupActions } from './popup-actions';
import { PopupStatus } from './popup-status';
import { PopupVerdict } from './popup-verdict';

function Popup() {
  const [status, setStatus] = useState<KeystoreStatus | null>(null);
  const [expiring, setExpiring] = useState<ExpiringEntry[]>([]);
  const [error, setError] = useState('');
  const [siteChanged, setSiteChanged] = useState(false);
  const [verdict, setVerdict] = useState<{ view: TabVerdictView; result?: VerifyResult } | null>(null);

  const load = useCallback(async () => {
    try {
      setStatus(await callOrThrow('keystore-status', {}));
      setExpiring((await callOrThrow('list-expiring', {})).entries);
      const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
      if (tab?.id !== undefined) {
        const v = await callOrThrow('tab-verdict', { tabId: tab.id });
        setSiteChanged(v.verdict === 'unavailable');
        setVerdict(v.view ? { view: v.view, ...(v.result ? { result: v.result } : {}) } : null);
      }
    } catch (e) {
      setError(errorTextOf(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <div class="popup">
      <h1 id="hello">{t('extName')}</h1>
      {error && <Notice tone="bad">{error}</Notice>}
      {siteChanged && (
        <Notice tone="warn" test="popup-site-changed">
          {t('statusGmailChanged')}
        </Notice>
      )}
      {verdict && <PopupVerdict verdict={verdict.view} {...(verdict.result ? { result: verdict.result } : {})} />}
      {!status && !error && <p class="muted">{t('uiLoading')}</p>}
      {status && <PopupStatus status={status} expiring={expiring} />}
      {status?.locked && <UnlockForm explain={false} onUnlocked={(s) => setStatus(s)} />}
      {status && (
        <PopupActions
          canLock={status.hasPassphrase && !status.locked}
          onLock={async () => {
            const r = await call('lock-now', {});
            if (r.ok) setStatus(r.value);
          }}
        />
      )}
    </div>
  );
}

applyDocumentLanguage();
render(<Popup />, document.getElementById('app')!);
