// The read view's one look-up per opened message: does this sender imitate someone in the address book, and,
// for an unsigned message, does this address normally sign? Read-only: a page-reported "unsigned" never changes
// what the address book has learnt (signing-habit.ts says why).
import type { SenderSignals } from '../../shared/messages';
import type { Keystore } from '../keystore/keystore';
import { normalizeAddress, nowIso } from '../keystore/keystore';
import { emptySigning } from '../keystore/contacts';
import { findLookalike } from './find-lookalike';
import { normallySigned } from './signing-habit';

export async function senderSignals(ks: Keystore, address: string, signed: boolean): Promise<SenderSignals> {
  const key = normalizeAddress(address);
  const contact = await ks.db.get('contacts', key);
  const out: SenderSignals = { signatureMissing: !signed && !!contact && normallySigned(contact.signing) };
  // A look-alike's own signed mail puts it in the address book too; it stays a look-alike of every address that
  // was there before it (and the older, imitated address is never called a look-alike of the newer one).
  const all = await ks.db.getAll('contacts');
  const known = all.filter((c) => c.address !== key && (!contact || c.firstSeen < contact.firstSeen)).map((c) => c.address);
  const lookalike = findLookalike(key, known);
  if (lookalike) out.lookalike = lookalike;
  return out;
}

/** The user's "this sender also sends unsigned mail". False when the address is not in the address book. */
export async function dismissSignatureMissing(ks: Keystore, address: string): Promise<boolean> {
  const tx = ks.db.transaction('contacts', 'readwrite');
  const contact = await tx.store.get(normalizeAddress(address));
  if (!contact) {
    await tx.done;
    return false;
  }
  contact.signing = { ...(contact.signing ?? emptySigning()), unsignedDismissedAt: nowIso(ks) };
  await tx.store.put(contact);
  await tx.done;
  return true;
}
