// Names of the people and authorities behind a certificate, in words (the raw DN stays in the technical details).
import { certificateHolder, type CertificateHolder } from '../crypto/x509/certificate-label';
import type { CertificateSummary } from '../crypto/types';
import { t } from './i18n';

export function personName(c: CertificateSummary): CertificateHolder {
  return certificateHolder(c);
}

/** One attribute (CN, O, …) of a one-line DN such as "CN=NSS Test CA,O=BOGUS NSS,C=US". */
export function dnAttribute(dn: string, name: string): string | undefined {
  for (const part of dn.split(/(?<!\\),/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toUpperCase() === name) return part.slice(eq + 1).trim().replace(/\\(.)/g, '$1');
  }
  return undefined;
}

/** The issuer in words: "NSS Test CA, BOGUS NSS", or "self-signed" for a certificate that vouches for itself. */
export function issuerName(s: CertificateSummary): string {
  if (s.selfSigned) return t('certSelfSigned');
  const cn = dnAttribute(s.issuer, 'CN');
  const o = dnAttribute(s.issuer, 'O');
  if (cn && o && !cn.includes(o)) return `${cn}, ${o}`;
  return cn ?? o ?? s.issuer;
}
