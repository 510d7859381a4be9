// Opens an encrypted S/MIME message: finds the envelope (also under an outer encrypt-then-sign
// signature), decrypts it with one of the caller's keys, verifies an inner signature (sign-then-encrypt),
// and labels what the reader can rely on: integrity (EFAIL) and whether the encrypted part is the
// whole message. The decrypted entity is returned on its own, never merged with unencrypted siblings.
import { EngineError, toEngineError } from '../errors';
import { canonicalizeCrlf } from '../mime/canonicalize-crlf';
import { parseMime, type MimeEntity } from '../mime/parse-mime';
import { decodeBody } from '../mime/decode-transfer-encoding';
import { checkSenderHeaders } from '../mime/check-sender-headers';
import { decryptEnvelope, type DecryptionKey, type RecipientDescription } from '../envelope/decrypt-envelope';
import type { VerifyResult, Warning } from '../types';
import { locateSmimeParts } from './locate-signature';
import { verifyCanonicalMessage, verifyEntity, type VerifyMessageOptions } from './verify-message';
import { sniffCmsContentType, CMS_ENVELOPED_DATA, CMS_AUTH_ENVELOPED_DATA } from './sniff-cms';
import { contentIntegrityProtected } from './integrity-rule';
import { looksLikeMailContent } from './looks-like-mail-content';

export interface DecryptMessageResult {
  /** The decrypted MIME entity (CRLF). When it was signed inside, this is the signed entity as a whole. */
  content: Uint8Array;
  envelope: {
    kind: 'enveloped' | 'auth-enveloped';
    contentCipher: string;
    /** The envelope's own protection: true only for AEAD. */
    integrityProtected: boolean;
    recipients: RecipientDescription[];
    usedRecipient: RecipientDescription;
  };
  /** Signature inside the encryption (sign-then-encrypt), if any. */
  innerSignature?: VerifyResult;
  /** Signature around the encryption (encrypt-then-sign), if any. */
  outerSignature?: VerifyResult;
  /** The content cannot have been changed undetected: AEAD, or a valid and trusted signature (integrity-rule.ts). */
  integrityProtected: boolean;
  /** 'full' when the encrypted part is the whole message; 'partial' when unencrypted parts surround it. */
  coverage: 'full' | 'partial';
  warnings: Warning[];
  from: string[];
}

const MAX_LAYERS = 4;

export async function decryptMessage(raw: Uint8Array, keys: DecryptionKey[], verifyOpts: VerifyMessageOptions = {}): Promise<DecryptMessageResult> {
  if (keys.length === 0) throw new EngineError('invalid-argument', 'No decryption key was given');
  const bare = sniffCmsContentType(raw);
  if (raw[0] === 0x30 && (bare === CMS_ENVELOPED_DATA || bare === CMS_AUTH_ENVELOPED_DATA)) {
    return finish(raw, keys, { coverage: 'full', warnings: [], from: verifyOpts.outerFrom ?? [], senderWarnings: verifyOpts.outerSenderWarnings ?? [] }, verifyOpts);
  }
  let root: MimeEntity;
  try {
    root = parseMime(canonicalizeCrlf(raw));
  } catch (e) {
    throw toEngineError(e, 'malformed');
  }
  const { from, warnings: senderWarnings } = checkSenderHeaders(root);
  const warnings: Warning[] = [];
  let outerSignature: VerifyResult | undefined;
  let entity: MimeEntity = root;
  let partial = false;

  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    const parts = locateSmimeParts(entity);
    if (parts.encrypted) {
      partial ||= !parts.encrypted.isRoot;
      const der = decodeBody(parts.encrypted.entity);
      return finish(der, keys, { coverage: partial ? 'partial' : 'full', warnings, from, senderWarnings, outerSignature }, verifyOpts);
    }
    if (parts.signed && !outerSignature) {
      // Encrypt-then-sign: report the outer signature, then look inside what it signs.
      outerSignature = await verifyEntity(entity, verifyOpts);
      partial ||= !parts.signed.isRoot;
      if (!outerSignature.signedContent) break;
      entity = parseMime(canonicalizeCrlf(outerSignature.signedContent));
      continue;
    }
    break;
  }
  throw new EngineError('invalid-argument', 'The message is not encrypted.');
}

async function finish(
  der: Uint8Array,
  keys: DecryptionKey[],
  ctx: { coverage: 'full' | 'partial'; warnings: Warning[]; from: string[]; senderWarnings: Warning[]; outerSignature?: VerifyResult },
  verifyOpts: VerifyMessageOptions,
): Promise<DecryptMessageResult> {
  const env = await decryptEnvelope(der, keys, looksLikeMailContent);
  const content = canonicalizeCrlf(env.content);
  const warnings = [...ctx.warnings];
  let innerSignature: VerifyResult | undefined;
  try {
    // `content` is already canonical: verify it without scanning it for bare line breaks again.
    const inner = await verifyCanonicalMessage(content, { ...verifyOpts, outerFrom: ctx.from, outerSenderWarnings: ctx.senderWarnings });
    if (inner.signature !== 'none' || inner.warnings.some((w) => w.code === 'orphan-signature')) innerSignature = inner;
  } catch {
    innerSignature = undefined;
  }
  // A valid, trusted signature by the From shown, over the whole plaintext or ciphertext, also stops undetected changes.
  const integrityProtected = contentIntegrityProtected(env.integrityProtected, innerSignature, ctx.outerSignature);
  if (!integrityProtected) {
    warnings.push({
      code: 'not-integrity-protected',
      message: `The content is encrypted with ${env.contentCipher} and not signed by its sender with a trusted certificate, so it could have been altered on the way.`,
    });
  }
  if (ctx.coverage === 'partial') {
    warnings.push({ code: 'partial-coverage', message: 'Only part of this message is encrypted; the other parts were readable by anyone on the way.' });
  }
  const result: DecryptMessageResult = {
    content,
    envelope: {
      kind: env.kind,
      contentCipher: env.contentCipher,
      integrityProtected: env.integrityProtected,
      recipients: env.recipients,
      usedRecipient: env.usedRecipient,
    },
    integrityProtected,
    coverage: ctx.coverage,
    warnings,
    from: ctx.from,
  };
  if (innerSignature) result.innerSignature = innerSignature;
  if (ctx.outerSignature) result.outerSignature = ctx.outerSignature;
  return result;
}
