// The verdict in plain words (shared wording with the webmail status bar), plus the signer's certificate
// and any warnings for those who want the details.
import type { VerifyResult, Warning } from '../crypto/types';
import { classifyVerify } from '../content/verdict';
import { CertificateFacts } from '../ui/certificate-facts';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';

const WARNING_TEXT: Partial<Record<Warning['code'], string>> = {
  'weak-digest': 'warnWeakDigest',
  'weak-key': 'warnWeakKey',
  'partial-coverage': 'warnPartialCoverage',
  'not-integrity-protected': 'decryptedNotIntegrityProtected',
  'certificate-expired-now': 'warnExpiredNow',
  'orphan-signature': 'statusFakeSignature',
  'display-name-address': 'warnDisplayNameAddress',
  'duplicate-from': 'warnDuplicateFrom',
  'protected-from-differs': 'warnProtectedFromDiffers',
};

function warningText(w: Warning): string {
  const name = WARNING_TEXT[w.code];
  return name ? t(name) : w.message;
}

export function VerdictPanel({ result }: { result: VerifyResult }) {
  const v = classifyVerify(result);
  const signer = result.signers.find((s) => s.status === 'valid') ?? result.signers[0];
  const warnings = result.warnings.filter((w) => w.code !== 'revocation-unchecked');
  return (
    <div data-test="verdict" data-kind={v.kind}>
      <Notice tone={v.tone} test="verdict-text">
        {t(v.messageName, v.substitutions)}
      </Notice>
      {warnings.map((w, i) => (
        <Notice tone="warn" key={i} test="verdict-warning">
          {warningText(w)}
        </Notice>
      ))}
      {signer?.certificate && (
        <details>
          <summary>{t('openSignerDetails')}</summary>
          <CertificateFacts summary={signer.certificate} />
        </details>
      )}
    </div>
  );
}
