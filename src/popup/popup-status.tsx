// The popup's status: locked or ready, how many certificates, and those about to expire.
import type { ExpiringEntry, KeystoreStatus } from '../shared/messages';
import { displayName } from '../ui/certificate-facts';
import { formatDate, t } from '../ui/i18n';
import { Notice } from '../ui/notice';

function statusText(s: KeystoreStatus): string {
  if (s.identityCount === 0) return t('popupNoIdentity');
  if (!s.hasPassphrase) return t('popupReadyDevice', [s.identityCount]);
  return s.locked ? t('popupLocked', [s.identityCount]) : t('popupUnlocked', [s.identityCount]);
}

export function PopupStatus({ status, expiring }: { status: KeystoreStatus; expiring: ExpiringEntry[] }) {
  return (
    <div>
      <Notice tone={status.locked ? 'warn' : status.identityCount === 0 ? 'neutral' : 'good'} test="popup-status">
        {statusText(status)}
      </Notice>
      {expiring.slice(0, 3).map((e) => (
        <Notice tone={e.daysLeft <= 0 ? 'bad' : 'warn'} test="popup-expiring" key={e.id}>
          {e.daysLeft <= 0
            ? t('popupExpiresToday', [e.addresses[0] ?? displayName(e.summary)])
            : t('popupExpiresIn', [e.addresses[0] ?? displayName(e.summary), e.daysLeft, formatDate(e.notAfter)])}
        </Notice>
      ))}
      {expiring.length > 3 && <p class="muted">{t('popupMoreExpiring', [expiring.length - 3])}</p>}
    </div>
  );
}
