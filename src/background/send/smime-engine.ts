// The two engine calls the send path needs (sign an entity; encrypt an entity, optionally signing inside), as a
// narrow port so the send handlers are testable with a fake, plus its binding to the real engine in src/crypto.
import { importPrivateKeyForSigning } from '../../crypto/cms/import-signing-key';
import { encryptEntity } from '../../crypto/smime/encrypt-message';
import { signEntity } from '../../crypto/smime/sign-message';
import type { Identity, SmimeCapability } from '../../crypto/types';

export interface EncryptTarget {
  certificate: Uint8Array;
  capabilities: SmimeCapability[];
}

export interface SmimeEngine {
  sign(entity: Uint8Array, signer: Identity, opaque: boolean): Promise<Uint8Array>;
  /** Always adds `senderCertificate` as a recipient, so the Sent copy stays readable. */
  encrypt(entity: Uint8Array, recipients: EncryptTarget[], senderCertificate: Uint8Array, signer: Identity | null, opaque: boolean): Promise<Uint8Array>;
}

async function signerOf(identity: Identity) {
  const { key } = await importPrivateKeyForSigning(identity.privateKeyPkcs8);
  return { certificate: identity.certificate, privateKey: key, chain: identity.chain };
}

export const realSmimeEngine: SmimeEngine = {
  async sign(entity, signer, opaque) {
    return signEntity(entity, await signerOf(signer), { opaque });
  },
  async encrypt(entity, recipients, senderCertificate, signer, opaque) {
    return encryptEntity(entity, {
      recipients,
      senderCertificate,
      ...(signer ? { signer: await signerOf(signer), opaqueSignature: opaque } : {}),
    });
  },
};
