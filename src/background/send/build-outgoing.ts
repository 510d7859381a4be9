// Turns a composer draft into the RFC 5322 messages we upload: the MIME content (UTF-8 text + attachments), optional
// protected headers (the real Subject inside, "..." outside), then signing and/or encryption through `SmimeOps`,
// and the outer header block (From, To, Cc, Date, Message-ID, In-Reply-To, References, and Bcc where it routes).
// Encrypted mail with Bcc is split (see deliveryPlan) so no recipient's RecipientInfos reveal a Bcc recipient.
import { addressKey } from '../../crypto/mime/address-key';
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
  /** Encrypts for exactly these recipients (lowercased addresses) plus the sender, so the Sent copy stays readable. */
  encrypt(entity: Uint8Array, recipients: string[]): Promise<Uint8Array>;
}

export interface OutgoingOptions {
  opaqueSigning: boolean;
  date?: Date;
  messageId?: string;
  /** Copies (by key) already accepted by Gmail in an earlier attempt: not built again. */
  skip?: readonly string[];
}

/** One upload. Gmail delivers it to the addresses in its To, Cc and Bcc fields (and strips Bcc). */
export interface OutgoingCopy {
  /** "main" (To and Cc, or everyone when nothing is split off) or "bcc:<address>" (a Bcc recipient's own copy). */
  key: string;
  raw: Uint8Array;
}

export interface Outgoing {
  copies: OutgoingCopy[];
  messageId: string;
  date: Date;
}

/** Who gets which copy: what the copy shows in To/Cc, what its Bcc field routes to, whom it is encrypted for. */
export interface PlannedCopy {
  key: string;
  showToCc: boolean;
  bcc: string[];
  encryptFor: string[];
}

export function newMessageId(from: string): string {
  const r = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let hex = '';
  for (const b of r) hex += b.toString(16).padStart(2, '0');
  const domain = /^[A-Za-z0-9.-]+$/.test(from.slice(from.lastIndexOf('@') + 1)) ? from.slice(from.lastIndexOf('@') + 1) : 'localhost';
  return `<${hex}@${domain}>`;
}

const norm = (list: string[]) => [...new Set(list.map((a) => addressKey(a)).filter(Boolean))];

/** All envelope recipients (To, Cc, Bcc), lowercased and without duplicates. */
export function allRecipients(d: Pick<ComposeDraft, 'to' | 'cc' | 'bcc'>): string[] {
  return norm([...d.to, ...d.cc, ...d.bcc]);
}

/**
 * Signed-only or plain mail: one message with a Bcc field (Gmail routes it and removes the field). Encrypted mail
 * with Bcc: every RecipientInfo names a recipient, so To+Cc get a message encrypted for To+Cc (+ sender) with no
 * Bcc field, and each Bcc recipient a copy encrypted for them (+ sender) alone. The Gmail API has no envelope: it
 * delivers to every address in To/Cc/Bcc, so a Bcc copy carries only its own Bcc field — with To/Cc on it, the To
 * and Cc recipients would receive the Bcc copy too, which is exactly the leak this avoids.
 */
export function deliveryPlan(d: Pick<ComposeDraft, 'to' | 'cc' | 'bcc' | 'encrypt'>): PlannedCopy[] {
  const visible = norm([...d.to, ...d.cc]);
  const hidden = norm(d.bcc).filter((a) => !visible.includes(a));
  if (!d.encrypt || hidden.length === 0) return [{ key: 'main', showToCc: true, bcc: hidden, encryptFor: [...visible, ...hidden] }];
  const plan: PlannedCopy[] = visible.length ? [{ key: 'main', showToCc: true, bcc: [], encryptFor: visible }] : [];
  for (const a of hidden) plan.push({ key: `bcc:${a}`, showToCc: false, bcc: [a], encryptFor: [a] });
  return plan;
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
    // Never Bcc: the inner part of the To/Cc message must not name anyone blind-copied.
    const inner = header.filter((h) => ['Date', 'From', 'To', 'Cc', 'Subject', 'Message-ID', 'In-Reply-To', 'References'].includes(h.name));
    content.params = { ...(content.params ?? {}), 'protected-headers': 'v1' };
    content.headers = [...inner, ...(content.headers ?? [])];
  }
  const skip = new Set(opts.skip ?? []);
  const plan = deliveryPlan(draft).filter((c) => !skip.has(c.key));
  if (plan.length === 0) return { copies: [], messageId, date };

  // Signed once: every copy carries the same signature over the same content.
  let entity = buildEntity(content);
  if (draft.sign) entity = await ops.sign(entity, opts.opaqueSigning);

  const copies: OutgoingCopy[] = [];
  for (const c of plan) {
    const body = draft.encrypt ? await ops.encrypt(entity, c.encryptFor) : entity;
    const outer: HeaderField[] = header
      .filter((h) => c.showToCc || (h.name !== 'To' && h.name !== 'Cc'))
      .map((h) => (h.name === 'Subject' && protect ? { name: 'Subject', value: HIDDEN_SUBJECT } : h));
    if (c.bcc.length) {
      const atoms = addressListAtoms(c.bcc.map((a) => draft.bcc.find((b) => addressKey(b) === a)?.trim() ?? a));
      outer.splice(outer.findIndex((h) => h.name === 'Message-ID'), 0, { name: 'Bcc', value: atoms.join(' '), atoms });
    }
    // Our MIME-Version stays; the entity's own MIME-Version (if the engine wrote one) is never duplicated.
    copies.push({ key: c.key, raw: concatBytes(utf8(outer.map(formatHeaderField).join('')), body) });
  }
  return { copies, messageId, date };
}
