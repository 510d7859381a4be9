// One-line display form of a Distinguished Name (RFC 4514 order and escaping, most specific RDN first),
// so the CLI, UI and logs show the same string for the same certificate.
import type { RelativeDistinguishedNames } from 'pkijs';
import { nameAttributes, type NameAttribute } from './name-attributes';

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function escapeValue(v: string): string {
  let s = v.replace(/[\\,+"<>;=]/g, (c) => '\\' + c).replace(/\0/g, '\\00');
  if (s.startsWith('#') || s.startsWith(' ')) s = '\\' + s;
  if (s.endsWith(' ')) s = s.slice(0, -1) + '\\ ';
  // Keep control characters visible rather than letting them reshape log lines.
  return s.replace(/[\x01-\x1f\x7f]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

export function formatName(name: RelativeDistinguishedNames): string {
  return formatNameAttributes(nameAttributes(name));
}

/** RFC 4514 string of (type, value) pairs in DER order (most general first): the one formatter for every DN we show. */
export function formatNameAttributes(attributes: readonly NameAttribute[]): string {
  const parts = attributes.map((a) => {
    const key = SHORT_NAMES[a.oid] ?? a.oid;
    const value = a.text !== undefined ? escapeValue(a.text) : '#' + a.derHex;
    return `${key}=${value}`;
  });
  return parts.reverse().join(',');
}
