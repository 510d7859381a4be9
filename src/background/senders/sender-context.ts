// The address book's view of one verified message, for the Details panel: the same facts the read view got from
// sender-signals and harvest (look-alike, certificate changed by time, first signed mail), computed without
// changing anything, so Details and the status bar agree.
import { toHex } from '../../crypto/bytes';
import type { VerifyResult } from '../../crypto/types';
import type { SenderContext } from '../../shared/messages';
import { certificateId, normalizeAddress, nowIso, type Keystore } from '../keystore/keystore';
import { changedFrom, judgedSigningTime } from './certificate-change';
import { senderSignals } from './sender-signals';

export async function signedContentDigest(verify: VerifyResult): Promise<string | undefined> {
  if (!verify.signedContent) return undefined;
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', verify.signedContent.slice())));
}

export async function senderContext(ks: Keystore, verify: VerifyResult): Promise<SenderContext> {
  const from = verify.from[0];
  if (!from) return {};
  const out: SenderContext = { signals: await senderSignals(ks, from, true) };
  if (verify.signature !== 'valid' || verify.sender !== 'match') return out;
  const contact = await ks.db.get('contacts', normalizeAddress(from));
  if (!contact) return out;
  for (const s of verify.signers) {
    if (s.status !== 'valid' || !s.certificateDer || !s.certificate) continue;
    const id = await certificateId(s.certificateDer);
    const known = contact.certificates.find((c) => c.id === id);
    const candidate = { id, summary: s.certificate, trust: known?.trust ?? s.trust };
    if (changedFrom(candidate, contact.certificates, judgedSigningTime(s.certificate, s.signingTime, nowIso(ks)).at)) out.certificateChanged = true;
  }
  const digest = await signedContentDigest(verify);
  if (digest && contact.signing?.firstMessage === digest) out.firstContact = true;
  return out;
}
