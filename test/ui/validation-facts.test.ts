// Details' "What the issuer checked" line: a chain trusted only through a root the user added says that no public
// CA checked anything (English and Japanese), instead of naming the validation its own CA claims (review M4).
import { afterEach, describe, expect, it } from 'vitest';
import { useLocale } from '../helpers/i18n-stub';
import { t } from '../../src/ui/i18n';
import type { SignerReport, VerifyResult } from '../../src/crypto/types';
import { verdictModel } from '../../src/ui/verdict-model';

const signer: SignerReport = {
  status: 'valid',
  certificate: {
    subject: 'CN=Notice Desk, O=株式会社デモ銀行',
    commonName: 'Notice Desk',
    emails: ['notice@bank.example.jp'],
    issuer: 'CN=Private CA',
    serial: '01',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2027-01-01T00:00:00Z',
    sha256: '00',
    sha1: '00',
    keyType: 'EC P-256',
    isCA: false,
    selfSigned: false,
  },
  digestAlgorithm: 'SHA-256',
  signatureAlgorithm: 'ECDSA',
  trust: 'trusted',
  trustReasons: [],
  chain: [],
  revocation: 'unknown',
};
const result = (validation: SignerReport['validation']): VerifyResult => ({
  signature: 'valid', trust: 'trusted', sender: 'match', coverage: 'full', form: 'multipart-signed',
  signers: [{ ...signer, validation }], warnings: [], from: ['notice@bank.example.jp'],
});

describe('what the issuer checked', () => {
  let restore = () => {};
  afterEach(() => restore());

  for (const lang of ['en', 'ja'] as const) {
    it(`${lang}: a user-added root is said to be no public check, and the organisation is not shown`, () => {
      restore = useLocale(lang);
      const facts = verdictModel(result({ type: 'organization', policy: '2.23.140.1.5.2.3', userRoot: true })).signers[0].who;
      const line = facts.find((f) => f.label === t('whoValidation'));
      expect(t('validationUserRoot')).toMatch(lang === 'en' ? /public certificate authority/ : /公的な認証局/);
      expect(line?.value).toBe(t('validationUserRoot'));
      expect(line?.value).not.toBe(t('validationOrganization'));
      expect(facts.some((f) => f.label === t('whoOrganisation'))).toBe(false);
      // A bundled-root chain keeps its validated organisation.
      const ov = verdictModel(result({ type: 'organization', policy: '2.23.140.1.5.2.3', organization: '株式会社デモ銀行' })).signers[0].who;
      expect(ov.find((f) => f.label === t('whoValidation'))?.value).toBe(t('validationOrganization'));
      expect(ov.find((f) => f.label === t('whoOrganisation'))?.value).toBe('株式会社デモ銀行');
    });
  }
});
