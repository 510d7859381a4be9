// Recognises the S/MIME shapes a MIME entity can take, including the legacy x-pkcs7-* types and
// application/octet-stream parts named *.p7m / *.p7s that real senders still produce.
import type { MimeEntity } from '../mime/parse-mime';
import { decodeBody } from '../mime/decode-transfer-encoding';
import { sniffCmsContentType, CMS_SIGNED_DATA, CMS_ENVELOPED_DATA, CMS_AUTH_ENVELOPED_DATA } from './sniff-cms';

export type SmimeKind =
  | 'multipart-signed'
  | 'opaque-signed'
  | 'enveloped'
  | 'auth-enveloped'
  | 'detached-signature' // a pkcs7-signature part (belongs inside multipart/signed)
  | 'other-cms' // certs-only, compressed, unknown CMS
  | 'none';

const PKCS7_MIME = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);
const PKCS7_SIGNATURE = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature']);

function fileName(entity: MimeEntity): string {
  const p = entity.contentType.params;
  const disp = entity.headers.find((h) => h.name.toLowerCase() === 'content-disposition')?.value ?? '';
  const m = /filename\*?=\s*"?([^";]+)"?/i.exec(disp);
  return (p.name ?? m?.[1] ?? '').toLowerCase();
}

export function isPkcs7SignatureType(entity: MimeEntity): boolean {
  return PKCS7_SIGNATURE.has(entity.contentType.mediaType) || (entity.contentType.mediaType === 'application/octet-stream' && fileName(entity).endsWith('.p7s'));
}

export function smimeKind(entity: MimeEntity): SmimeKind {
  const mt = entity.contentType.mediaType;
  if (mt === 'multipart/signed') {
    const protocol = (entity.contentType.params.protocol ?? '').toLowerCase();
    const second = entity.children[1];
    if (PKCS7_SIGNATURE.has(protocol) || (second && isPkcs7SignatureType(second))) return 'multipart-signed';
    return 'none'; // e.g. PGP/MIME
  }
  if (isPkcs7SignatureType(entity)) return 'detached-signature';
  const p7m = PKCS7_MIME.has(mt) || (mt === 'application/octet-stream' && fileName(entity).endsWith('.p7m'));
  if (!p7m) return 'none';
  const smimeType = (entity.contentType.params['smime-type'] ?? '').toLowerCase();
  if (smimeType === 'signed-data') return 'opaque-signed';
  if (smimeType === 'enveloped-data') return 'enveloped';
  if (smimeType === 'authenveloped-data') return 'auth-enveloped';
  // No (or an unknown) smime-type: look at the CMS content type itself.
  let oid: string | undefined;
  try {
    oid = sniffCmsContentType(decodeBody(entity));
  } catch {
    oid = undefined;
  }
  if (oid === CMS_SIGNED_DATA) return 'opaque-signed';
  if (oid === CMS_ENVELOPED_DATA) return 'enveloped';
  if (oid === CMS_AUTH_ENVELOPED_DATA) return 'auth-enveloped';
  return 'other-cms';
}
