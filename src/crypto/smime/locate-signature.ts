// Finds the signature that applies to a message and how much of what the reader sees it covers.
// A signed part nested inside an unsigned multipart (mailing-list footers, prepended text, Johnny M1-M4)
// covers only part of the message; an smime.p7s that is not the second half of a multipart/signed
// signs nothing at all, which is how fake signatures look.
import { getHeader, type MimeEntity } from '../mime/parse-mime';
import { smimeKind, type SmimeKind } from './classify-entity';

export interface LocatedSignature {
  entity: MimeEntity;
  kind: 'multipart-signed' | 'opaque-signed';
  /** True when the signed entity is the whole message (the top-level entity). */
  isRoot: boolean;
}

export interface LocatedParts {
  signed?: LocatedSignature;
  /** Further signed entities beside the first (each covers only itself). */
  otherSigned: MimeEntity[];
  /** pkcs7-signature parts that are not inside a multipart/signed: they sign nothing. */
  orphanSignatures: MimeEntity[];
  /** The first enveloped (encrypted) entity, and whether it is the whole message. */
  encrypted?: { entity: MimeEntity; kind: 'enveloped' | 'auth-enveloped'; isRoot: boolean };
}

const MAX_VISITS = 5000;

export function locateSmimeParts(root: MimeEntity): LocatedParts {
  const out: LocatedParts = { otherSigned: [], orphanSignatures: [] };
  let visits = 0;
  const walk = (e: MimeEntity, isRoot: boolean): void => {
    if (++visits > MAX_VISITS) return;
    const kind: SmimeKind = smimeKind(e);
    if (kind === 'multipart-signed' || kind === 'opaque-signed') {
      if (!out.signed) out.signed = { entity: e, kind, isRoot };
      else out.otherSigned.push(e);
      return; // what is inside belongs to that signature
    }
    if (kind === 'detached-signature') {
      out.orphanSignatures.push(e);
      return;
    }
    if (kind === 'enveloped' || kind === 'auth-enveloped') {
      if (!out.encrypted) out.encrypted = { entity: e, kind, isRoot };
      return;
    }
    // A forwarded message (message/rfc822) is its own message with its own signature: not this one's.
    if (e.contentType.type === 'multipart') for (const c of e.children) walk(c, false);
  };
  walk(root, true);
  return out;
}

/**
 * The text a mail program shows first: the first text/plain or text/html part in reading order that is not an
 * attachment, looking into the first part of a multipart/signed but not into forwarded messages.
 */
export function firstVisibleText(root: MimeEntity): MimeEntity | undefined {
  let visits = 0;
  const walk = (e: MimeEntity): MimeEntity | undefined => {
    if (++visits > MAX_VISITS) return undefined;
    const { type, subtype } = e.contentType;
    if (type === 'multipart') {
      const children = subtype === 'signed' ? e.children.slice(0, 1) : e.children;
      for (const c of children) {
        const found = walk(c);
        if (found) return found;
      }
      return undefined;
    }
    if (type !== 'text' || (subtype !== 'plain' && subtype !== 'html')) return undefined;
    const disposition = getHeader(e, 'content-disposition') ?? '';
    return /^\s*attachment/i.test(disposition) ? undefined : e;
  };
  return walk(root);
}
