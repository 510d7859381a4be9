// The e-mail addresses a certificate vouches for: rfc822Name SANs, or (legacy certificates such as
// NSS's test CA's) the subject's emailAddress attributes when there is no rfc822Name SAN.
import type { Certificate } from 'pkijs';
import { nameValues, OID_EMAIL_ADDRESS } from './name-attributes';
import { readExtensions, type CertificateExtensions } from './read-extensions';

/** rfc822Name entries of the subjectAltName, as written. */
export function sanEmails(ext: CertificateExtensions): string[] {
  const out: string[] = [];
  for (const n of ext.subjectAltNames) if (n.kind === 'rfc822Name') out.push(n.value);
  return out;
}

/** emailAddress attributes of the subject DN, as written. */
export function subjectEmails(cert: Certificate): string[] {
  return nameValues(cert.subject, OID_EMAIL_ADDRESS);
}

/** Addresses for sender matching (RFC 8550 section 3: SAN first, subject emailAddress as fallback). */
export function certificateEmails(cert: Certificate, ext: CertificateExtensions = readExtensions(cert)): string[] {
  const san = sanEmails(ext);
  const list = san.length > 0 ? san : subjectEmails(cert);
  return [...new Set(list)];
}
