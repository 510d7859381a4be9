// Every user-visible string exists in English and Japanese: both catalogues have the same keys and the same
// placeholders per key, and every message name the code (or the manifest) asks for is in them.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string): Catalogue => JSON.parse(readFileSync(join(root, 'public', '_locales', lang, 'messages.json'), 'utf8')) as Catalogue;
const en = load('en');
const ja = load('ja');

/** `$1`, `$2`… and named `$NAME$` placeholders a message uses, sorted. */
function placeholders(message: string): string[] {
  return [...new Set(message.match(/\$(?:\d+|[A-Za-z_][A-Za-z0-9_]*\$)/g) ?? [])].sort();
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|html)$/.test(name)) out.push(p);
  }
  return out;
}

// The engine and the CLI show no extension strings.
const files = sourceFiles(join(root, 'src')).filter((f) => !/[\\/]src[\\/](crypto|cli)[\\/]/.test(f));
const keyPrefixes = new Set(Object.keys(en).map((k) => /^[a-z]+/.exec(k)![0]));

/** Message names a file asks for: t('x'), getMessage('x'), messageName: 'x', __MSG_x__, and name tables. */
function namesUsedIn(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\b(?:t|getMessage)\(\s*['"`]([A-Za-z0-9_]+)['"`]/g)) names.add(m[1]);
  for (const m of text.matchAll(/\bmessageName:\s*['"]([A-Za-z0-9_]+)['"]/g)) names.add(m[1]);
  for (const m of text.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) names.add(m[1]);
  // Tables such as { locked: 'errLocked' } passed to t() later: in a file that translates, a camelCase literal
  // that starts like a catalogue key (err…, status…, compose…) is a message name.
  if (/\b(?:t|getMessage)\(/.test(text)) {
    for (const m of text.matchAll(/['"]([a-z]+[A-Z][A-Za-z0-9]*)['"]/g)) if (keyPrefixes.has(/^[a-z]+/.exec(m[1])![0])) names.add(m[1]);
  }
  return [...names];
}

describe('locales', () => {
  it('en and ja have the same keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it('en and ja use the same placeholders in every message', () => {
    const differ = Object.keys(en)
      .filter((k) => k in ja)
      .filter((k) => placeholders(en[k].message).join() !== placeholders(ja[k].message).join() || Object.keys(en[k].placeholders ?? {}).sort().join() !== Object.keys(ja[k].placeholders ?? {}).sort().join())
      .map((k) => `${k}: en ${placeholders(en[k].message).join(' ')} / ja ${placeholders(ja[k].message).join(' ')}`);
    expect(differ).toEqual([]);
  });

  it('every Japanese message is in Japanese (not an English copy), except names of header fields', () => {
    const latinOnly = Object.entries(ja)
      .filter(([k]) => !['composeCc', 'composeBcc', 'uiLocale', 'quoteReplyHeader'].includes(k)) // quoteReplyHeader: 「日付 差出人:」, placeholders only
      .filter(([, v]) => !/[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]/.test(v.message))
      .map(([k, v]) => `${k}: ${v.message}`);
    expect(latinOnly).toEqual([]);
  });

  it('Japanese messages put no space between a placeholder and Japanese text ("2021年1月1日に", not "2021年1月1日 に")', () => {
    const J = '[\u3040-\u30ff\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]';
    const stray = new RegExp(`(\\$\\d|\\$[A-Za-z_]+\\$) +${J}|${J} +(\\$\\d|\\$[A-Za-z_]+\\$)`);
    expect(Object.entries(ja).filter(([, v]) => stray.test(v.message)).map(([k, v]) => `${k}: ${v.message}`)).toEqual([]);
  });

  it('each catalogue names its own language, which dates are formatted in', () => {
    expect(en.uiLocale.message).toBe('en');
    expect(ja.uiLocale.message).toBe('ja');
  });

  it('no message is empty', () => {
    const empty = [...Object.entries(en), ...Object.entries(ja)].filter(([, v]) => typeof v.message !== 'string' || v.message.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('every message name used in src and the manifest exists', () => {
    const used = new Map<string, string>();
    for (const f of [...files, join(root, 'manifest.json')]) for (const n of namesUsedIn(readFileSync(f, 'utf8'))) used.set(n, relative(root, f));
    expect(used.size).toBeGreaterThan(100); // the scan itself works
    const missing = [...used].filter(([n]) => !(n in en) || !(n in ja)).map(([n, f]) => `${n} (${f})`);
    expect(missing).toEqual([]);
  });

  it('the scan finds t(), getMessage(), messageName, __MSG__ and name tables', () => {
    expect(namesUsedIn(`t('a1'); chrome.i18n.getMessage("b2"); ({ messageName: 'c3' }); "__MSG_d4__"`).sort()).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(namesUsedIn(`const M = { locked: 'errLocked', x: 'notAKey' }; t(M.locked);`)).toEqual(['errLocked']);
  });
});
