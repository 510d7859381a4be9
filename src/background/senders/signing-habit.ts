// "Mail from this sender is normally signed": learnt from signatures the background verified itself (never from
// what a page reports). Unsigned mail does not unlearn it: an attacker's first unsigned mail (or a page that
// reports many) would otherwise switch the warning off for the mails that follow. Only the user can, by saying
// "this sender also sends unsigned mail" (dismiss), which holds until they undo it.
import type { ContactSigningRecord } from '../keystore/schema';

/** Validly signed messages (From matching the certificate) before an address counts as one that always signs. */
export const HABIT_MIN_SIGNED = 3;

export function normallySigned(signing: ContactSigningRecord | undefined): boolean {
  return !!signing && signing.signedMessages >= HABIT_MIN_SIGNED && signing.unsignedDismissedAt === null;
}
