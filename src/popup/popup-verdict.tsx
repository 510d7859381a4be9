// The open message's verdict in the toolbar popup, in the same words as the status bar. The popup is the one
// place mail content cannot imitate, so the words come from the background's own verification of the message.
import { useState } from 'preact/hooks';
import type { VerifyResult } from '../crypto/types';
import type { TabVerdictView } from '../shared/messages';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { VerdictDetails } from '../ui/verdict-details';

export function PopupVerdict({ verdict, result, onDetails }: { verdict: TabVerdictView; result?: VerifyResult; onDetails?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div class="popup-verdict" data-test="popup-verdict" data-kind={verdict.kind}>
      <p class="muted">{t('popupThisMessage')}</p>
      <Notice tone={verdict.tone} test="popup-verdict-text">
        {t(verdict.messageName, verdict.substitutions)}
      </Notice>
      {verdict.count > 1 && <p class="muted">{t('popupSeveralMessages', [verdict.count])}</p>}
      {result && (
        <button
          type="button"
          class="link"
          id="popup-details"
          aria-expanded={open}
          onClick={() => {
            setOpen(!open);
            onDetails?.();
          }}
        >
          {open ? t('popupHideDetails') : t('statusDetails')}
        </button>
      )}
      {open && result && <VerdictDetails result={result} showSummary={false} />}
    </div>
  );
}
