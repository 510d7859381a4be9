// Localised UI strings via chrome.i18n, with the message name as a visible fallback outside the extension.
export function t(name: string, substitutions: string[] = []): string {
  const g = globalThis as { chrome?: { i18n?: { getMessage(n: string, s?: string[]): string } } };
  const text = g.chrome?.i18n?.getMessage(name, substitutions);
  return text || name;
}
