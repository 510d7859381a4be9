// Inputs for the ESS signingCertificate tests: a second certificate for a leaf's own key (the substitution
// attack), a SignedData re-assembled with other certificates or another sid (both are outside the signature),
// and OpenSSL signatures by the shared test PKI's leaves.
import { derAlgorithmIdentifier } from '../../src/crypto/asn1/algorithm-identifier';
import { derExplicit, derOctetString, derOid, derSequence, derSetOf, derSmallInt, tlv } from '../../src/crypto/asn1/der-writer';
import { OID } from '../../src/crypto/asn1/oids';
import { parseSignedData } from '../../src/crypto/cms/parse-signed-data';
import type { SignerIdentifier } from '../../src/crypto/cms/cms-types';
import { openssl } from '../helpers/openssl';
import { pemFileToDer, type PkiIdentity, type TestPki } from '../helpers/pki-fixtures';

function must(r: ReturnType<typeof openssl>, what: string): Uint8Array {
  if (r.status !== 0) throw new Error(`openssl ${what} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * Re-issues `leaf`'s key under another name and serial by the same intermediate (`openssl x509 -req` on a CSR
 * made with the leaf's key). Its subjectKeyIdentifier equals the leaf's, since both hash the same key.
 */
export function issueSubstituteCertificate(pki: TestPki, leaf: PkiIdentity, email = 'mallory@example.org'): { der: Uint8Array; pem: string } {
  const tag = `${leaf.kind}-subst-${Math.random().toString(36).slice(2, 8)}`;
  const csr = pki.file(`${tag}.csr`);
  must(openssl(['req', '-new', '-key', leaf.keyPem, '-subj', `/CN=Substitute/O=S-MIME Interop Tests/emailAddress=${email}`, '-out', csr]), 'req substitute');
  const ext = pki.write(
    `${tag}.ext`,
    ['[ ext ]', 'basicConstraints = CA:FALSE', 'keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment', 'extendedKeyUsage = emailProtection', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid', `subjectAltName = email:${email}`, ''].join('\n'),
  );
  const pem = pki.file(`${tag}.pem`);
  must(
    openssl(['x509', '-req', '-in', csr, '-CA', pki.intermediate.certPem, '-CAkey', pki.intermediate.keyPem, '-sha256', '-days', '3000', '-set_serial', '0x3010', '-extfile', ext, '-extensions', 'ext', '-out', pem]),
    'x509 substitute',
  );
  return { der: pemFileToDer(pem), pem };
}

/** `openssl cms -sign -binary` by a PKI leaf with DER output; e.g. extra = ['-cades'], ['-nodetach'], ['-keyid']. */
export function opensslSignBy(pki: TestPki, leaf: PkiIdentity, content: Uint8Array, extra: string[] = []): Uint8Array {
  const input = pki.write(`ess-in-${Math.random().toString(36).slice(2, 8)}.bin`, content);
  return must(openssl(['cms', '-sign', '-binary', '-in', input, '-signer', leaf.certPem, '-inkey', leaf.keyPem, '-outform', 'DER', ...extra]), `cms -sign ${extra.join(' ')}`);
}

function encodeSid(sid: SignerIdentifier): Uint8Array {
  return sid.type === 'issuerAndSerialNumber' ? derSequence(sid.issuer, tlv(0x02, sid.serialNumber)) : tlv(0x80, sid.keyIdentifier);
}

/** The same SignedData (same signed bytes and signatures) with other embedded certificates and/or another sid. */
export function reassembleSignedData(der: Uint8Array, o: { certificates?: Uint8Array[]; sid?: SignerIdentifier }): Uint8Array {
  const sd = parseSignedData(der);
  const signerInfos = sd.signerInfos.map((si) => {
    if (!si.signedAttrsDer) throw new Error('test input must have signed attributes');
    const sid = o.sid ?? si.sid;
    const attrs = si.signedAttrsDer.slice();
    attrs[0] = 0xa0;
    return derSequence(
      derSmallInt(sid.type === 'subjectKeyIdentifier' ? 3 : 1),
      encodeSid(sid),
      derAlgorithmIdentifier(si.digestAlgorithm.oid, si.digestAlgorithm.parameters),
      attrs,
      derAlgorithmIdentifier(si.signatureAlgorithm.oid, si.signatureAlgorithm.parameters),
      derOctetString(si.signature),
    );
  });
  const encap = sd.eContent
    ? derSequence(derOid(sd.eContentType), derExplicit(0, derOctetString(sd.eContent)))
    : derSequence(derOid(sd.eContentType));
  const signedData = derSequence(
    derSmallInt(3),
    derSetOf(...sd.digestAlgorithms.map((a) => derAlgorithmIdentifier(a.oid, a.parameters))),
    encap,
    tlv(0xa0, ...(o.certificates ?? sd.certificates)),
    derSetOf(...signerInfos),
  );
  return derSequence(derOid(OID.signedData), derExplicit(0, signedData));
}
