// Decides what a chosen file is (a whole message, a bare .p7m, a detached .p7s, or not a message at all: empty,
// a certificate file, a ZIP, anything else) and, for a bare .p7m, wraps it in the minimal MIME headers the engine
// expects. Pure and bounded: it only sniffs headers. The MIME parser accepts any bytes, so "is this a message?"
// is decided here, before a page of binary is shown as an e-mail with Reply buttons.
import { base64Decode, base64Encode } from '../crypto/base64';
import { parseMime } from '../crypto/mime/parse-mime';
import { smimeKind } from '../crypto/smime/classify-entity';
import { locateSmimeParts } from '../crypto/smime/locate-signature';
import { CMS_AUTH_ENVELOPED_DATA, CMS_ENVELOPED_DATA, CMS_SIGNED_DATA, sniffCmsContentType } from '../crypto/smime/sniff-cms';
import { latin1, utf8 } from '../crypto/bytes';
import { isCertificateDer, isZip, startsLikePfx } from '../crypto/pkcs12/sniff-file';

export type PreparedFile =
  | { kind: 'signed'; message: Uint8Array }
  | { kind: 'encrypted'; message: Uint8Array }
  | { kind: 'plain'; message: Uint8Array } // a message that is neither signed nor encrypted
  | { kind: 'detached-signature' } // a .p7s on its own: nothing to check it against
  | { kind: 'not-a-message'; what: 'empty' | 'certificate' | 'zip' | 'other' }
  | { kind: 'unreadable' };

const SMIME_TYPE: Record<string, string> = {
  [CMS_SIGNED_DATA]: 'signed-data',
  [CMS_ENVELOPED_DATA]: 'enveloped-data',
  [CMS_AUTH_ENVELOPED_DATA]: 'authEnveloped-data',
};

/** Bare CMS, as DER or as base64 text (with or without PEM armour), or undefined. */
function bareCms(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes[0] === 0x30) return sniffCmsContentType(bytes) ? bytes : undefined;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256));
  const text = head.startsWith('-----BEGIN') ? new TextDecoder('latin1').decode(bytes).replace(/-----[^-]+-----/g, '') : null;
  if (text === null && !/^[A-Za-z0-9+/=\s]+$/.test(head)) return undefined;
  try {
    const der = base64Decode(text ?? bytes);
    return sniffCmsContentType(der) ? der : undefined;
  } catch {
    return undefined;
  }
}

function wrapCms(der: Uint8Array, oid: string): Uint8Array {
  const smimeType = SMIME_TYPE[oid];
  const name = 'smime.p7m';
  const head =
    'MIME-Version: 1.0\r\n' +
    `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name="${name}"\r\n` +
    'Content-Transfer-Encoding: base64\r\n' +
    `Content-Disposition: attachment; filename="${name}"\r\n\r\n`;
  return utf8(head + base64Encode(der, { lineLength: 76 }) + '\r\n');
}

const HEADER_LINE = /^[!-9;-~]{1,76}:/; // a field name: printable ASCII without ":" or space, then ":"
const MESSAGE_FIELD = /^(from|to|cc|subject|date|message-id|mime-version|content-type|received|return-path|reply-to|sender|delivered-to):/im;

/** An RFC 5322 header block: it starts with a field (after an mbox "From " line), has a field every message has, no NULs. */
function looksLikeMessage(bytes: Uint8Array): boolean {
  let head = latin1(bytes.subarray(0, 64 * 1024)).replace(/^\ufeff|^\xef\xbb\xbf/, '');
  if (head.startsWith('From ')) head = head.slice(head.indexOf('\n') + 1);
  const end = head.search(/\r?\n\r?\n/);
  const block = end >= 0 ? head.slice(0, end) : head;
  return HEADER_LINE.test(block) && MESSAGE_FIELD.test(block) && !block.includes('\0');
}

/** A certificate or key file: PKCS#12, an X.509 certificate (DER), or PEM holding certificates or keys. */
function isCertificateFile(bytes: Uint8Array): boolean {
  if (startsLikePfx(bytes)) return true;
  if (isCertificateDer(bytes)) return true;
  return /-----BEGIN ((X509 |TRUSTED )?CERTIFICATE|(ENCRYPTED |RSA |EC )?PRIVATE KEY|PKCS12)-----/.test(latin1(bytes.subarray(0, 64 * 1024)));
}

export function prepareMessageFile(fileName: string, bytes: Uint8Array): PreparedFile {
  if (bytes.length === 0) return { kind: 'not-a-message', what: 'empty' };
  const cms = bareCms(bytes);
  if (cms) {
    const oid = sniffCmsContentType(cms)!;
    // A bare signature whose content is detached (a .p7s) has nothing to be checked against.
    if (/\.p7s$/i.test(fileName)) return { kind: 'detached-signature' };
    if (!SMIME_TYPE[oid]) return { kind: 'unreadable' };
    const message = wrapCms(cms, oid);
    return oid === CMS_SIGNED_DATA ? { kind: 'signed', message } : { kind: 'encrypted', message };
  }
  if (isCertificateFile(bytes)) return { kind: 'not-a-message', what: 'certificate' };
  if (isZip(bytes)) return { kind: 'not-a-message', what: 'zip' };
  if (!looksLikeMessage(bytes)) return { kind: 'not-a-message', what: 'other' };
  let kind: string;
  let nestedSigned = false;
  try {
    const root = parseMime(bytes, { maxDepth: 16, maxParts: 500 });
    kind = smimeKind(root);
    // A signed part (or a stray smime.p7s) below unsigned text is still for the verifier to judge, not "plain".
    const parts = locateSmimeParts(root);
    nestedSigned = parts.signed !== undefined || parts.orphanSignatures.length > 0;
  } catch {
    return { kind: 'unreadable' };
  }
  if (kind === 'multipart-signed' || kind === 'opaque-signed') return { kind: 'signed', message: bytes };
  if (kind === 'enveloped' || kind === 'auth-enveloped') return { kind: 'encrypted', message: bytes };
  if (kind === 'detached-signature') return { kind: 'detached-signature' };
  if (nestedSigned) return { kind: 'signed', message: bytes };
  return { kind: 'plain', message: bytes };
}
