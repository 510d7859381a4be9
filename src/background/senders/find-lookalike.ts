// Does an address imitate one the user already knows? Compared with every address in the address book (people
// whose signed mail the user has read); nothing leaves the browser and no list of banks is shipped. The rules,
// strongest first: the same skeleton (UTS #39 confusables), digits standing in for letters, words added to the
// known name (-jp, -secure, …), the same name under another public suffix, and one or two typos in a long name.
// An address in the address book is never a look-alike of another one, and two big mailbox providers are not
// look-alikes of each other (gmail.com / mail.com), since that would warn on ordinary mail every day.
import { addressKey, foldAscii } from '../../crypto/mime/address-key';
import type { LookalikeReason } from '../../shared/messages';
import { addressShape, fold, type AddressShape } from './address-shape';

export type { LookalikeReason };

export interface Lookalike {
  /** The address from the address book that the sender resembles. */
  known: string;
  reason: LookalikeReason;
}

/** Words phishers add to a brand's name. */
const ADDED_WORDS = new Set([
  'jp', 'japan', 'secure', 'security', 'info', 'information', 'support', 'help', 'helpdesk', 'login', 'signin',
  'verify', 'verification', 'account', 'accounts', 'auth', 'online', 'web', 'net', 'mail', 'email', 'notice',
  'notices', 'notification', 'alert', 'alerts', 'service', 'services', 'update', 'official', 'center', 'centre',
  'customer', 'care', 'team', 'app', 'id', 'safe', 'safety', 'check', 'confirm', 'portal', 'my', 'co', 'inc',
  'corp', 'group', 'global', 'direct', 'news', 'member', 'members', 'billing', 'pay', 'payment', 'ssl', 'www',
]);

/** Mailbox providers whose domains resemble each other by nature; between two of them only skeletons count. */
const MAILBOX_PROVIDERS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'outlook.jp', 'hotmail.com', 'hotmail.co.jp', 'live.com', 'live.jp',
  'msn.com', 'yahoo.com', 'yahoo.co.jp', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'mail.com', 'aol.com',
  'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'proton.me', 'protonmail.com', 'zoho.com', 'yandex.ru', 'qq.com',
  '163.com', '126.com', 'naver.com', 'docomo.ne.jp', 'ezweb.ne.jp', 'au.com', 'softbank.ne.jp', 'i.softbank.jp',
  'nifty.com', 'biglobe.ne.jp', 'ocn.ne.jp', 'so-net.ne.jp', 'excite.co.jp',
]);

const DIGIT_AS_LETTER: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '6': 'b', '7': 't', '8': 'b', '9': 'g', '2': 'z' };

function digitsAsLetters(s: string): string {
  return s.replace(/[0-9]/g, (d) => DIGIT_AS_LETTER[d]).replace(/i/g, 'l');
}

/** Optimal-string-alignment distance (a swap of neighbours is one edit), stopping early above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const A = [...a];
  const B = [...b];
  let prev2: number[] = [];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= B.length; j++) {
      const cost = A[i - 1] === B[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && A[i - 1] === B[j - 2] && A[i - 2] === B[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[B.length];
}

/** Typos allowed for a name of this length: none below 5 characters (too many real names are that close). */
function typoBudget(label: string): number {
  const n = [...label].length;
  return n < 5 ? 0 : n < 9 ? 1 : 2;
}

function tokens(label: string): string[] {
  return label.split(/[-_.]+/).filter(Boolean);
}

/** The candidate is the known name plus words from ADDED_WORDS (with or without hyphens). */
function hasAddedWords(candidate: string, known: string): boolean {
  if (candidate === known || known.length < 3) return false;
  const c = tokens(candidate);
  const k = tokens(known);
  // demo-bank-jp vs demo-bank; secure-demo-bank vs demo-bank
  for (let start = 0; start + k.length <= c.length; start++) {
    if (k.every((t, i) => c[start + i] === t)) {
      const rest = [...c.slice(0, start), ...c.slice(start + k.length)];
      if (rest.length > 0 && rest.every((w) => ADDED_WORDS.has(w))) return true;
    }
  }
  // demobankjp / demobank-secure vs demo-bank: compare without separators
  const cj = c.join('');
  const kj = k.join('');
  if (cj.length <= kj.length) return false;
  const at = cj.indexOf(kj);
  if (at < 0) return false;
  const rest = [cj.slice(0, at), cj.slice(at + kj.length)].filter(Boolean);
  return rest.every((w) => ADDED_WORDS.has(w));
}

/** `run` occurs in `list` as consecutive items. */
function containsRun(list: string[], run: string[]): boolean {
  for (let start = 0; start + run.length <= list.length; start++) if (run.every((t, i) => list[start + i] === t)) return true;
  return false;
}

/**
 * The known name hidden elsewhere in the sender's host: the whole known domain among its labels and hyphenated
 * words (smbc.co.jp.evil.com, smbc.co.jp-secure.net, paypal.com.jp, paypal-com.net), or the known name, alone or
 * with added words, as a subdomain (paypal.security-check.com). Generic or very short names and mailbox providers
 * (outlook.example.com is a company's own server) count only as the whole domain.
 */
function embedsKnownName(c: AddressShape, k: AddressShape): boolean {
  const knownRun = tokens(`${k.foldLabel}.${k.foldSuffix}`);
  if (knownRun.length >= 2 && containsRun(c.foldHostLabels.flatMap(tokens), knownRun)) return true;
  if ([...k.foldLabel].length < 4 || ADDED_WORDS.has(k.foldLabel) || MAILBOX_PROVIDERS.has(k.domain)) return false;
  const sub = c.foldHostLabels.slice(0, Math.max(0, c.foldHostLabels.length - c.domainLabelCount));
  return sub.some((l) => l === k.foldLabel || hasAddedWords(l, k.foldLabel));
}

/** Why `c` (an unknown sender) resembles `k` (a known address), or null. */
export function compareShapes(c: AddressShape, k: AddressShape): LookalikeReason | null {
  const sameDomain = c.domain === k.domain;
  const sameLocal = foldAscii(c.local) === foldAscii(k.local); // ASCII only: a Unicode case twin is another mailbox
  if (sameDomain && sameLocal) return null;
  if (sameDomain) {
    // Same organisation, another mailbox: only an imitation of the known mailbox's name counts.
    if (c.foldLocal === k.foldLocal) return 'local-part';
    if (digitsAsLetters(c.foldLocal) === digitsAsLetters(k.foldLocal) && /[0-9]/.test(c.local + k.local)) return 'local-part';
    return null;
  }
  const providers = MAILBOX_PROVIDERS.has(k.domain) && MAILBOX_PROVIDERS.has(c.domain);
  if (c.foldLabel === k.foldLabel && c.foldSuffix === k.foldSuffix) return /[0-9]/.test(c.label + k.label) ? 'digit-swap' : 'confusable';
  if (digitsAsLetters(c.foldLabel) === digitsAsLetters(k.foldLabel) && c.foldSuffix === k.foldSuffix) return /[0-9]/.test(c.label + k.label) ? 'digit-swap' : 'confusable';
  if (providers) return null;
  if (hasAddedWords(c.foldLabel, k.foldLabel)) return 'added-word';
  if (c.foldLabel === k.foldLabel || digitsAsLetters(c.foldLabel) === digitsAsLetters(k.foldLabel)) return 'other-suffix';
  if (embedsKnownName(c, k)) return 'added-word';
  if (c.foldSuffix === k.foldSuffix) {
    const budget = Math.min(typoBudget(c.label), typoBudget(k.label));
    if (budget > 0 && editDistance(digitsAsLetters(c.foldLabel), digitsAsLetters(k.foldLabel), budget) <= budget) return 'typo';
  }
  return null;
}

/** Reasons in order of strength, for picking one when several known addresses match. */
const STRENGTH: LookalikeReason[] = ['confusable', 'digit-swap', 'local-part', 'added-word', 'other-suffix', 'typo'];

/**
 * The known address that `address` imitates, if any. `known` holds address-book keys; an address that is
 * itself in the book is never a look-alike (the user has had signed mail from it).
 */
export function findLookalike(address: string, known: readonly string[]): Lookalike | null {
  // Only ASCII case is folded: a Unicode look-alike (the Kelvin sign for "k") must not pass as the known address.
  const key = addressKey(address);
  if (known.some((k) => addressKey(k) === key)) return null;
  const c = addressShape(address);
  if (!c) return null;
  let best: Lookalike | null = null;
  for (const k of known) {
    const ks = shapeOf(k);
    if (!ks) continue;
    const reason = compareShapes(c, ks);
    if (reason && (!best || STRENGTH.indexOf(reason) < STRENGTH.indexOf(best.reason))) best = { known: k, reason };
  }
  return best;
}

// Known addresses are few and change rarely; their shapes are cached by address.
const shapes = new Map<string, AddressShape | null>();
function shapeOf(address: string): AddressShape | null {
  let s = shapes.get(address);
  if (s === undefined) {
    s = addressShape(address);
    if (shapes.size > 5000) shapes.clear();
    shapes.set(address, s);
  }
  return s;
}
