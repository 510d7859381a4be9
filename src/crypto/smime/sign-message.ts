// Signs an RFC 5322 message as S/MIME: detached multipart/signed by default (readable without S/MIME
// support), or opaque application/pkcs7-mime signed-data. Outer headers stay outside the signature.
import { concatBytes, utf8 } from '../bytes';
import { buildEntityAfter } from '../mime/build-mime';
import { micalgFor, signData, signingDigestFor } from '../cms/sign-data';
import type { SigningDigest } from '../cms/import-signing-key';
import type { SmimeCapability } from '../types';
import { splitMessageForSmime } from './prepare-content-entity';

export interface SmimeSigner {
  certificate: Uint8Array;
  privateKey: CryptoKey;
  chain?: Uint8Array[];
}

export interface SignMessageOptions {
  opaque?: boolean;
  digest?: SigningDigest;
  signingTime?: Date;
  smimeCapabilities?: SmimeCapability[];
}

/** Sign a MIME entity (no outer headers) and return the signed entity. */
export async function signEntity(content: Uint8Array, signer: SmimeSigner, opts: SignMessageOptions = {}): Promise<Uint8Array> {
  return signEntityAfter(new Uint8Array(0), content, signer, opts);
}

/** `prefix` (outer header fields) and the signed entity in one buffer, so the content is copied only once. */
async function signEntityAfter(prefix: Uint8Array, content: Uint8Array, signer: SmimeSigner, opts: SignMessageOptions): Promise<Uint8Array> {
  const der = await signData({
    content,
    signer,
    detached: !opts.opaque,
    digest: opts.digest,
    signingTime: opts.signingTime,
    smimeCapabilities: opts.smimeCapabilities,
  });
  if (opts.opaque) {
    return buildEntityAfter(prefix, {
      contentType: 'application/pkcs7-mime',
      params: { 'smime-type': 'signed-data', name: 'smime.p7m' },
      disposition: { type: 'attachment', filename: 'smime.p7m' },
      headers: [{ name: 'Content-Description', value: 'S/MIME Cryptographic Signature' }],
      body: der,
      transferEncoding: 'base64',
    });
  }
  const micalg = micalgFor(signingDigestFor(signer.privateKey, opts.digest));
  return buildEntityAfter(prefix, {
    contentType: 'multipart/signed',
    params: { protocol: 'application/pkcs7-signature', micalg },
    parts: [
      content,
      {
        contentType: 'application/pkcs7-signature',
        params: { name: 'smime.p7s' },
        disposition: { type: 'attachment', filename: 'smime.p7s' },
        headers: [{ name: 'Content-Description', value: 'S/MIME Cryptographic Signature' }],
        body: der,
        transferEncoding: 'base64',
      },
    ],
  });
}

/** Sign a whole message: its outer headers are kept, its content becomes the signed entity. */
export async function signMessage(message: Uint8Array, signer: SmimeSigner, opts: SignMessageOptions = {}): Promise<Uint8Array> {
  const { outerHeaders, content } = splitMessageForSmime(message);
  return signEntityAfter(concatBytes(outerHeaders, utf8('MIME-Version: 1.0\r\n')), content, signer, opts);
}
