// A test PKI with CRLs for the revocation tests, all made with OpenSSL (`openssl ca`, `openssl ca -gencrl`) at
// test time, dated around NOW so nothing depends on today's date.
import { leafExt, Pki, ROOT_EXT, type Issued } from '../trust/pki-fixture';

export const NOW = new Date('2026-06-01T00:00:00Z');
export const INTER_CRL_URL = 'http://crl.test/inter.crl';
export const ROOT_CRL_URL = 'http://crl.test/root.crl';
const CA_EXT = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid'];

export interface CrlPki {
  pki: Pki;
  c: Record<string, Issued>;
}

export function buildCrlPki(
  urls: { inter: string; root: string; ocsp?: string } = { inter: INTER_CRL_URL, root: ROOT_CRL_URL },
  dates: { start?: string; end?: string } = {},
): CrlPki {
  const pki = new Pki();
  // Every certificate gets the same validity (tests that talk to a live responder use dates around the real now).
  const issue = pki.issue.bind(pki);
  pki.issue = (o) => issue({ start: dates.start, end: dates.end, ...o });
  const c: Record<string, Issued> = {};
  const aia = urls.ocsp ? [`authorityInfoAccess = OCSP;URI:${urls.ocsp}`] : [];
  c.root = pki.issue({ name: 'root', subject: '/CN=Revocation Root/O=SMIME Test', ext: ROOT_EXT });
  c.inter = pki.issue({ name: 'inter', subject: '/CN=Revocation Inter/O=SMIME Test', issuer: c.root, ext: [...CA_EXT, `crlDistributionPoints = URI:${urls.root}`] });
  c.inter2 = pki.issue({ name: 'inter2', subject: '/CN=Revoked Inter/O=SMIME Test', issuer: c.root, ext: [...CA_EXT, `crlDistributionPoints = URI:${urls.root}`] });
  const leaf = (name: string, issuer: Issued, extra: string[] = [`crlDistributionPoints = URI:${urls.inter}`, ...aia]): Issued =>
    (c[name] = pki.issue({ name, subject: `/CN=${name}/emailAddress=${name.toLowerCase()}@example.com`, issuer, ext: [...leafExt(`${name.toLowerCase()}@example.com`), ...extra] }));
  leaf('good', c.inter);
  leaf('revoked', c.inter);
  leaf('held', c.inter);
  leaf('underRevokedInter', c.inter2, [`crlDistributionPoints = URI:${urls.inter}2`]);
  leaf('noDp', c.inter, aia);
  // An impostor CA: same name as the intermediate, another key (a CRL it signs must not count).
  c.impostor = pki.issue({ name: 'impostor', subject: '/CN=Revocation Inter/O=SMIME Test', issuer: c.root, ext: CA_EXT });
  // A CA whose key may sign certificates but not CRLs.
  c.noCrlSign = pki.issue({ name: 'noCrlSign', subject: '/CN=No CRL Sign CA', issuer: c.root, ext: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid'] });
  leaf('underNoCrlSign', c.noCrlSign);
  // Indirect CRLs: a CRL signer certified by the intermediate, named as cRLIssuer by the leaf's distribution point.
  c.crlSigner = pki.issue({ name: 'crlSigner', subject: '/CN=Revocation CRL Signer/O=SMIME Test', issuer: c.inter, ext: ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,cRLSign', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid'] });
  leaf('indirect', c.inter, ['crlDistributionPoints = dp', '[ dp ]', 'fullname = URI:http://crl.test/indirect.crl', 'CRLissuer = dirName:signer_dn', '[ signer_dn ]', 'CN = Revocation CRL Signer', 'O = SMIME Test']);
  return { pki, c };
}
