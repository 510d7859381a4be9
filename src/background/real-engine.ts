// Binds EnginePort to the real engine in src/crypto. The one place to adapt if an engine signature changes.
import { importPrivateKeyForSigning } from '../crypto/cms/import-signing-key';
import { openIdentityFile } from '../crypto/pkcs12/open-identity-file';
import { writePkcs12 } from '../crypto/pkcs12/write-pkcs12';
import { decryptMessage } from '../crypto/smime/decrypt-message';
import { encryptMessage } from '../crypto/smime/encrypt-message';
import { signMessage } from '../crypto/smime/sign-message';
import { verifyMessage } from '../crypto/smime/verify-message';
import { checkCertificateFile } from '../crypto/trust/check-certificate-file';
import type { Identity } from '../crypto/types';
import { certificateDer } from '../crypto/x509/parse-certificate';
import { encodePem } from '../crypto/x509/pem';
import { summarizeCertificate } from '../crypto/x509/summarize-certificate';
import type { EnginePort } from './engine-port';

async function signer(identity: Identity) {
  const { key } = await importPrivateKeyForSigning(identity.privateKeyPkcs8);
  return { certificate: identity.certificate, privateKey: key, chain: identity.chain };
}

export const realEngine: EnginePort = {
  openIdentityFile: (bytes, fileName, passwords) => openIdentityFile(bytes, fileName, passwords),
  writePkcs12: (identity, password) => writePkcs12(identity, password),
  summarizeCertificate: (der) => summarizeCertificate(der),
  certificateDer: (input) => certificateDer(input),
  encodePem: (der) => encodePem(der),
  checkCertificateFile: (bytes, opts) => checkCertificateFile(bytes, { userRoots: opts.trustAnchors, now: opts.now }),
  verifyMessage: (message, opts) => verifyMessage(message, { userRoots: opts.trustAnchors, now: opts.now, revocation: opts.revocation }),
  async decryptMessage(message, identity, opts) {
    const r = await decryptMessage(message, [{ certificate: identity.certificate, privateKeyPkcs8: identity.privateKeyPkcs8 }], {
      userRoots: opts.trustAnchors,
      now: opts.now,
      revocation: opts.revocation,
    });
    return {
      content: r.content,
      ...(r.innerSignature ? { verify: r.innerSignature } : {}),
      ...(r.outerSignature ? { outerVerify: r.outerSignature } : {}),
      integrityProtected: r.integrityProtected,
      coverage: r.coverage,
      contentCipher: r.envelope.contentCipher,
      warnings: r.warnings,
    };
  },
  async signMessage(mime, identity) {
    return signMessage(mime, await signer(identity));
  },
  async encryptMessage(mime, recipients, sender) {
    return encryptMessage(mime, {
      recipients,
      senderCertificate: sender.certificate,
      ...(sender.signer ? { signer: await signer(sender.signer) } : {}),
    });
  },
};
