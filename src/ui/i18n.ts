// Every user-visible string of the extension pages comes from chrome.i18n (en and ja); the language follows
// the browser. Outside the extension (unit tests) the message name is shown, so a missing key is visible.
// Dates are formatted in the language of the catalogue the words come from (its `uiLocale` entry), so a
// Japanese sentence never carries an English date, whatever the browser's own locale is.
export function t(name: string, substitutions: (string | number)[] = []): string {
  const g = globalThis as { chrome?: { i18n?: { getMessage(n: string, s?: string[]): string } } };
  const text = g.chrome?.i18n?.getMessage(name, substitutions.map(String));
  return text || name;
}

/** The language of the words on screen: the catalogue's own tag ("en", "ja"), never a locale we have no words for. */
export function uiLanguage(): string {
  const tag = t('uiLocale');
  return tag === 'uiLocale' ? 'en' : tag;
}

function valid(iso: string): Date | undefined {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A date in the reader's language, e.g. "12 March 2027" / "2027年3月12日". */
export function formatDate(iso: string): string {
  const d = valid(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(uiLanguage(), { year: 'numeric', month: 'long', day: 'numeric' }).format(d);
}

/** A moment in the reader's language and local time zone, e.g. "12 March 2027, 09:30" / "2027年3月12日 9:30". */
export function formatDateTime(iso: string): string {
  const d = valid(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(uiLanguage(), { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(d);
}

/** Whole days from now until `iso` (negative once past). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.floor((new Date(iso).getTime() - now) / 86_400_000);
}

/** Sets <html lang> so the browser picks fonts (and line breaking) for the language. */
export function applyDocumentLanguage(doc: Document = document): void {
  doc.documentElement.lang = uiLanguage();
  doc.title = t('extName');
}
