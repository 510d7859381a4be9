// The "revocation" line of "what was checked", on its own so revocation checking (OCSP/CRL) can fill it in
// without touching the rest of the model. Never a bare "unknown": say it was not checked, and why.
import type { SignerReport, VerifyResult } from '../crypto/types';
import type { CheckLine } from './verdict-model';
import { t } from './i18n';

export function revocationLine(r: VerifyResult, s: SignerReport | undefined): CheckLine {
  const label = t('checkRevocation');
  if (!s || r.signature !== 'valid') return { check: 'revocation', tone: 'neutral', label, text: t('checkRevocationNoSignature') };
  if (s.revocation === 'revoked') return { check: 'revocation', tone: 'bad', label, text: t('checkRevocationRevoked') };
  if (s.revocation === 'good') return { check: 'revocation', tone: 'good', label, text: t('checkRevocationGood') };
  return { check: 'revocation', tone: 'neutral', label, text: t('checkRevocationNotChecked') };
}
