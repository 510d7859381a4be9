// Every user-visible string of the extension pages comes from chrome.i18n (en and ja); the language follows
// the browser. Outside the extension (unit tests) the message name is shown, so a missing key is visible.
export function t(name: string, substitutions: (string | number)[] = []): string {
  const g = globalThis as { chrome?: { i18n?: { getMessage(n: string, s?: string[]): string } } };
  const text = g.chrome?.i18n?.getMessage(name, substitutions.map(String));
  return text || name;
}

function uiLanguage(): string {
  const g = globalThis as { chrome?: { i18n?: { getUILanguage(): string } } };
  return g.chrome?.i18n?.getUILanguage() ?? 'en';
}

/** A date in the reader's language, e.g. "12 March 2027" / "2027年3月12日". */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(uiLanguage(), { year: 'numeric', month: 'long', day: 'numeric' }).format(d);
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
