// UTCTime / GeneralizedTime (RFC 5280 §4.1.2.5, RFC 5652 §11.3) read and written: Z form only, as the RFCs require.
import { type Asn1Node, CLASS_UNIVERSAL, TAG_GENERALIZED_TIME, TAG_UTC_TIME, contentBytes, malformed } from './ber-reader';
import { tlv } from './der-writer';

/** UTCTime / GeneralizedTime (Z form, optional fractional seconds) to a Date. */
export function decodeTime(n: Asn1Node): Date {
  if (n.cls !== CLASS_UNIVERSAL || (n.tag !== TAG_UTC_TIME && n.tag !== TAG_GENERALIZED_TIME)) {
    throw malformed('expected UTCTime or GeneralizedTime');
  }
  const b = contentBytes(n);
  if (b.length > 32) throw malformed('time too long');
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  const m =
    n.tag === TAG_UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?Z$/.exec(s);
  if (!m) throw malformed(`unsupported time format "${s.replace(/[^\x20-\x7e]/g, '?')}"`);
  let year = Number(m[1]);
  if (n.tag === TAG_UTC_TIME) year += year < 50 ? 2000 : 1900; // RFC 5280 §4.1.2.5.1
  const [mo, d, h, mi, se] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const ms = n.tag === TAG_GENERALIZED_TIME && m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, se, ms));
  if (n.tag === TAG_GENERALIZED_TIME && year < 100) date.setUTCFullYear(year);
  // Date.UTC rolls impossible fields over (month 13, 30 February, second 60 of 9999-12-31 23:59) into another
  // real date: the fields must read back unchanged.
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === se;
  if (!same) throw malformed('time out of range');
  return date;
}

/** RFC 5652 §11.3: UTCTime for 1950-2049, GeneralizedTime otherwise; whole seconds, Z. */
export function derTime(d: Date): Uint8Array {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const y = d.getUTCFullYear();
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  const useUtc = y >= 1950 && y < 2050;
  const s = useUtc ? `${p(y % 100)}${rest}` : `${p(y, 4)}${rest}`;
  return tlv(useUtc ? 0x17 : 0x18, Uint8Array.from(s, (c) => c.charCodeAt(0)));
}
