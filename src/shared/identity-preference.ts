// Which of a person's certificates to use by default, in one place for the keystore (default identity, expiry
// warnings) and the composer (signing identity, Sign/Encrypt toggles): one valid now, and among those the one that
// lasts longest, so a certificate about to expire is never preferred over one that keeps working.

export interface HasValidity {
  summary: { notBefore: string; notAfter: string };
}

export function isValidAt(record: HasValidity, now: number): boolean {
  return Date.parse(record.summary.notBefore) <= now && now <= Date.parse(record.summary.notAfter);
}

/** Sort order: the later notAfter first (lasts longer), then the later notBefore (the renewal). */
export function longerLastingFirst(a: HasValidity, b: HasValidity): number {
  return Date.parse(b.summary.notAfter) - Date.parse(a.summary.notAfter) || Date.parse(b.summary.notBefore) - Date.parse(a.summary.notBefore);
}

/** The records valid at `now`, the preferred one first. */
export function validByPreference<T extends HasValidity>(records: T[], now: number): T[] {
  return records.filter((r) => isValidAt(r, now)).sort(longerLastingFirst);
}
