// The composer's decisions, as pure functions (unit-tested): splitting address fields, which recipients block
// encryption, the default Sign/Encrypt toggles, the From choices for the tab's account and the signing identity.
import type { ComposeSettings, IdentityView, RecipientStatus } from '../shared/messages';
import { addressKey } from '../crypto/mime/address-key';
import { validByPreference } from '../shared/identity-preference';

const ADDRESS = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

/** "A <a@x>, b@y; c@z" → ["a@x", "b@y", "c@z"] (addresses only, deduplicated, order kept) and the bad pieces. */
export function splitAddresses(field: string): { addresses: string[]; invalid: string[] } {
  const addresses: string[] = [];
  const invalid: string[] = [];
  for (const piece of field.split(/[,;\n]/)) {
    const p = piece.trim();
    if (!p) continue;
    const angle = /<([^<>]+)>\s*$/.exec(p);
    const addr = (angle ? angle[1] : p).trim();
    if (!ADDRESS.test(addr)) invalid.push(p);
    else if (!addresses.some((a) => addressKey(a) === addressKey(addr))) addresses.push(addr);
  }
  return { addresses, invalid };
}

/** Addresses whose certificate does not allow encrypting to them (missing or expired). */
export function encryptionBlockers(recipients: string[], statuses: RecipientStatus[]): string[] {
  const by = new Map(statuses.map((s) => [addressKey(s.address), s.status]));
  return recipients.filter((a) => {
    const s = by.get(addressKey(a));
    return s === undefined || s === 'missing' || s === 'expired';
  });
}

/** Identities that may sign as `address` (the account): valid now, the one that lasts longest first. */
export function identitiesFor(address: string, identities: IdentityView[], now = Date.now()): IdentityView[] {
  const a = addressKey(address);
  return validByPreference(identities.filter((i) => i.emails.includes(a)), now);
}

/**
 * Which identity signs for `address` when several are valid: the composer's earlier choice while it is still valid
 * for that address, else the one the user made the default for it (Options), else the one that lasts longest.
 * Null: none valid.
 */
export function pickIdentity(address: string, identities: IdentityView[], chosen: string | null, now = Date.now()): string | null {
  const valid = identitiesFor(address, identities, now);
  if (chosen && valid.some((i) => i.id === chosen)) return chosen;
  const a = addressKey(address);
  return (valid.find((i) => i.defaultFor.includes(a)) ?? valid[0])?.id ?? null;
}

/** From choices: the Gmail tab's account when known; otherwise every address one of our identities carries. */
export function fromChoices(account: string | null, identities: IdentityView[]): string[] {
  if (account) return [addressKey(account)];
  return [...new Set(identities.flatMap((i) => i.emails))].sort();
}

/** Sign by default when an identity exists (unless the account's default says no); encrypt per account or when replying to encrypted mail. */
export function defaultToggles(from: string, hasIdentity: boolean, settings: ComposeSettings, originalEncrypted: boolean): { sign: boolean; encrypt: boolean } {
  const perAccount = settings.accounts.find((a) => addressKey(a.address) === addressKey(from));
  return {
    sign: hasIdentity && (perAccount ? perAccount.sign : true),
    encrypt: hasIdentity && (originalEncrypted || (perAccount ? perAccount.encrypt : false)),
  };
}

export function newDraftId(): string {
  const r = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(r, (b) => b.toString(16).padStart(2, '0')).join('');
}
