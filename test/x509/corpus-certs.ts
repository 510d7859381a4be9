// Reads certificates out of corpus PKCS#12 files with the real OpenSSL, for x509/trust tests.
import { openssl } from '../helpers/openssl';
import { corpusPath } from '../helpers/corpus';
import { decodePemBlocks } from '../../src/crypto/x509/pem';
import { parseCertificate } from '../../src/crypto/x509/parse-certificate';
import { namesEqual } from '../../src/crypto/x509/compare-names';

/** All certificates in a PKCS#12 (DER), leaf (the one not self-issued) first. */
export function p12Certs(relPath: string, password: string): Uint8Array[] {
  let r = openssl(['pkcs12', '-in', corpusPath(relPath), '-nokeys', '-passin', `pass:${password}`]);
  if (r.status !== 0) r = openssl(['pkcs12', '-in', corpusPath(relPath), '-nokeys', '-passin', `pass:${password}`, '-legacy']);
  if (r.status !== 0) throw new Error(`openssl pkcs12 failed: ${r.stderr}`);
  const certs = decodePemBlocks(new TextDecoder().decode(r.stdout));
  const selfIssued = (der: Uint8Array): boolean => {
    const c = parseCertificate(der);
    return namesEqual(c.subject, c.issuer);
  };
  return [...certs.filter((d) => !selfIssued(d)), ...certs.filter(selfIssued)];
}
