// Turns a composer draft into the RFC 5322 bytes we upload: the MIME content (UTF-8 text + attachments), optional
// protected headers (the real Subject inside, "..." outside), then signing and/or encryption through `SmimeOps`,
// and finally the outer header block (From, To, Cc, Bcc, Date, fresh Message-ID, In-Reply-To, References).
import { concatBytes, utf8 } from '../../crypto/bytes';
import { EngineError } from '../../crypto/errors';
import { buildEntity, buildMessageContent, buildMessageHeaders, type EntitySpec, type HeaderField } from '../../crypto/mime/build-mime';
import { addressListAtoms, formatHeaderField } from '../../crypto/mime/encode-header';
import type { ComposeDraft } from '../../shared/messages';

/** What the outer Subject becomes when the real one is hidden (the protected-headers convention). */
export const HIDDEN_SUBJECT = '...';

/** Signing and encryption of a finished MIME entity; bound to the keystore and engine by the send handler. */
export interface SmimeOps {
  sign(entity: Uint8Array, opaque: boolean): Promise<Uint8Array>;
  /** Encrypts for the recipients and the sender; signs first (inside) when `sign` is set. */
  encrypt(entity: Uint8Array, sign: boolean, opaque: boolean): Promise<Uint8Array>;
}

export interface OutgoingOptions {
  opaqueSigning: boolean;
  date?: Date;
  messageId?: string;
}

export interface Outgoing {
  raw: Uint8Array;
  messageId: string;
}

function newMessageId(from: string): string {
  const r = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let hex = '';
  for (const b of r) hex += b.toString(16).padStart(2, '0');
  const domain = /^[A-Za-z0-9.-]+$/.test(from.slice(from.lastIndexOf('@') + 1)) ? from.slice(from.lastIndexOf('@') + 1) : 'localhost';
  return `<${hex}@${domain}>`;
}

/** All envelope recipients (To, Cc, Bcc), lowercased and without duplicates. */
export function allRecipients(d: Pick<ComposeDraft, 'to' | 'cc' | 'bcc'>): string[] {
  return [...new Set([...d.to, ...d.cc, ...d.bcc].map((a) => a.trim().toLowerCase()).filter(Boolean))];
}

export async function buildOutgoing(draft: ComposeDraft, ops: SmimeOps, opts: OutgoingOptions): Promise<Outgoing> {
  if (allRecipients(draft).length === 0) throw new EngineError('invalid-argument', 'Add at least one recipient.');
  const messageId = opts.messageId ?? newMessageId(draft.from);
  const date = opts.date ?? new Date();
  const protect = draft.hideSubject && (draft.encrypt || draft.sign);
  const spec = {
    from: draft.from,
    to: draft.to,
    cc: draft.cc,
    subject: draft.subject,
    date,
    messageId,
    ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
    ...(draft.references.length ? { references: draft.references } : {}),
    body: { text: draft.body },
    attachments: draft.attachments.map((a) => ({ filename: a.name, contentType: a.type || 'application/octet-stream', data: a.data })),
  };
  const header = buildMessageHeaders(spec);
  const content: EntitySpec = buildMessageContent(spec);
  if (protect) {
    // Protected headers (draft-ietf-lamps-header-protection / the "protected-headers" convention): the real
    // headers ride inside the signed/encrypted entity, marked protected-headers="v1"; the outer Subject is "...".
    const inner = header.filter((h) => ['Date', 'From', 'To', 'Cc', 'Subject', 'Message-ID', 'In-Reply-To', 'References'].includes(h.name));
    content.params = { ...(content.params ?? {}), 'protected-headers': 'v1' };
    content.headers = [...inner, ...(content.headers ?? [])];
  }
  let entity = buildEntity(content);
  if (draft.encrypt) entity = await ops.encrypt(entity, draft.sign, opts.opaqueSigning);
  else if (draft.sign) entity = await ops.sign(entity, opts.opaqueSigning);

  const outer: HeaderField[] = header.map((h) => (h.name === 'Subject' && protect ? { name: 'Subject', value: HIDDEN_SUBJECT } : h));
  // Bcc goes on the uploaded copy only: Gmail delivers to it and removes the field before sending.
  if (draft.bcc.length) {
    const atoms = addressListAtoms(draft.bcc);
    outer.splice(outer.findIndex((h) => h.name === 'Message-ID'), 0, { name: 'Bcc', value: atoms.join(' '), atoms });
  }
  // Our MIME-Version stays; the entity's own MIME-Version (if the engine wrote one) is never duplicated.
  const head = outer.map(formatHeaderField).join('');
  return { raw: concatBytes(utf8(head), entity), messageId };
}
