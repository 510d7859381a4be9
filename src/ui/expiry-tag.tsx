// "Expires in 12 days" / "Expired on …" next to a certificate, starting `warnDays` ahead.
import { daysUntil, formatDate, t } from './i18n';

export function expiryState(notAfter: string, warnDays: number, now = Date.now()): 'ok' | 'soon' | 'expired' {
  const days = daysUntil(notAfter, now);
  if (new Date(notAfter).getTime() < now) return 'expired';
  return days <= warnDays ? 'soon' : 'ok';
}

export function ExpiryTag({ notAfter, warnDays }: { notAfter: string; warnDays: number }) {
  const state = expiryState(notAfter, warnDays);
  if (state === 'ok') return null;
  if (state === 'expired') return <span class="tag bad" data-test="expired">{t('certExpiredOn', [formatDate(notAfter)])}</span>;
  const days = Math.max(0, daysUntil(notAfter));
  return (
    <span class="tag warn" data-test="expiring">
      {days === 0 ? t('certExpiresToday') : t('certExpiresInDays', [days])}
    </span>
  );
}
