// chrome.i18n for unit tests, backed by the real catalogues in public/_locales: getMessage substitutes $1…$9
// (and named placeholders) the way Chrome does, so views render in English or Japanese outside the browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const root = join(import.meta.dirname, '..', '..');

export function loadCatalogue(lang: 'en' | 'ja'): Catalogue {
  return JSON.parse(readFileSync(join(root, 'public', '_locales', lang, 'messages.json'), 'utf8')) as Catalogue;
}

export function i18nFor(lang: 'en' | 'ja') {
  const cat = loadCatalogue(lang);
  return {
    getUILanguage: () => lang,
    getMessage(name: string, substitutions: string[] = []): string {
      const entry = cat[name];
      if (!entry) return '';
      const positional = (s: string) => s.replace(/\$(\d)/g, (_, d: string) => substitutions[Number(d) - 1] ?? '');
      const named = entry.message.replace(/\$([A-Za-z_][A-Za-z0-9_]*)\$/g, (_, n: string) => {
        const p = entry.placeholders?.[n.toLowerCase()] ?? entry.placeholders?.[n];
        return p ? positional(p.content) : '';
      });
      return positional(named).replace(/\$\$/g, '$');
    },
  };
}

/** Installs globalThis.chrome.i18n for `lang` (keeping anything else on chrome); returns an uninstaller. */
export function useLocale(lang: 'en' | 'ja'): () => void {
  const g = globalThis as { chrome?: Record<string, unknown> };
  const before = g.chrome;
  g.chrome = { ...(before ?? {}), i18n: i18nFor(lang) };
  return () => {
    g.chrome = before;
  };
}
