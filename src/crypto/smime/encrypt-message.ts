// Encrypts an RFC 5322 message for its recipients (and always for the sender, so the Sent copy stays
// readable), optionally signing it first (sign-then-encrypt). Output is application/pkcs7-mime.
import { concatBytes, utf8, bytesEqual } from '../bytes';
import { EngineError } from '../errors';
import { buildEntityAfter } from '../mime/build-mime';
import { encryptEnvelope, type ContentCipherName } from '../envelope/encrypt-envelope';
import { choosePreferredAlgorithms } from '../envelope/choose-algorithms';
import type { SmimeCapability } from '../types';
import { splitMessageForSmime } from './prepare-content-entity';
import { signEntity, type SmimeSigner } from './sign-message';

export interface EncryptMessageOptions {
  /** Recipient certificates with the SMIMECapabilities last seen from each (if known). */
  recipients: Array<{ certificate: Uint8Array; capabilities?: SmimeCapability[] }>;
  /** The sender's own encryption certificate: always added as a recipient. */
  senderCertificate?: Uint8Array;
  cipher?: ContentCipherName;
  oaep?: boolean;
  /** Sign before encrypting. */
  signer?: SmimeSigner;
  opaqueSignature?: boolean;
}

/** Encrypt a MIME entity and return the application/pkcs7-mime entity. */
export async function encryptEntity(content: Uint8Array, opts: EncryptMessageOptions): Promise<Uint8Array> {
  return encryptEntityAfter(new Uint8Array(0), content, opts);
}

/** `prefix` (outer header fields) and the encrypted entity in one buffer: the base64 is written in place. */
async function encryptEntityAfter(prefix: Uint8Array, content: Uint8Array, opts: EncryptMessageOptions): Promise<Uint8Array> {
  const all = [...opts.recipients];
  if (opts.senderCertificate && !all.some((r) => bytesEqual(r.certificate, opts.senderCertificate!))) {
    all.push({ certificate: opts.senderCertificate });
  }
  if (all.length === 0) throw new EngineError('invalid-argument', 'No recipients to encrypt for');
  const preferred = choosePreferredAlgorithms(opts.recipients.map((r) => r.capabilities ?? []));
  const cipher = opts.cipher ?? preferred.cipher;
  const oaep = opts.oaep ?? preferred.oaep;
  const inner = opts.signer ? await signEntity(content, opts.signer, { opaque: opts.opaqueSignature }) : content;
  const env = await encryptEnvelope({ content: inner, recipients: all.map((r) => ({ certificate: r.certificate, oaep })), cipher });
  return buildEntityAfter(prefix, {
    contentType: 'application/pkcs7-mime',
    params: { 'smime-type': env.kind === 'auth-enveloped' ? 'authEnveloped-data' : 'enveloped-data', name: 'smime.p7m' },
    disposition: { type: 'attachment', filename: 'smime.p7m' },
    headers: [{ name: 'Content-Description', value: 'S/MIME Encrypted Message' }],
    body: env.chunks,
    transferEncoding: 'base64',
  });
}

export async function encryptMessage(message: Uint8Array, opts: EncryptMessageOptions): Promise<Uint8Array> {
  const { outerHeaders, content } = splitMessageForSmime(message);
  return encryptEntityAfter(concatBytes(outerHeaders, utf8('MIME-Version: 1.0\r\n')), content, opts);
}
