// Icons are drawn, not emoji (issue 12, item 14): the 🔒 emoji shows as an empty box on systems without an emoji
// font. No user-visible string (catalogues, badge texts, code outside comments) may use an emoji code point.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BADGE } from '../../src/background/action-icon';

const root = join(import.meta.dirname, '..', '..');
const EMOJI = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}]/u;
// Check marks and crosses that ordinary text fonts carry are fine (U+2713 ✓, U+2717 ✗, U+00D7 ×).
const ALLOWED = new Set(['\u2713', '\u2717']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|json|html|css)$/.test(n) ? [p] : [];
  });
}

/** Code with comments removed (line and block comments; good enough for our sources). */
const withoutComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('no emoji icons', () => {
  it('badge texts use only characters every font has, and each verdict looks different', () => {
    for (const [verdict, look] of Object.entries(BADGE)) expect([...look.text].every((c) => !EMOJI.test(c) || ALLOWED.has(c)), verdict).toBe(true);
    const looks = Object.entries(BADGE).filter(([v]) => v !== 'none').map(([, l]) => `${l.text}|${l.color}|${l.lock}`);
    expect(new Set(looks).size).toBe(looks.length);
  });

  it('no emoji in the catalogues or in the extension code', () => {
    const offenders: string[] = [];
    for (const f of [...files(join(root, 'src')), ...files(join(root, 'public', '_locales'))]) {
      const text = withoutComments(readFileSync(f, 'utf8'));
      for (const c of text.match(new RegExp(EMOJI.source, 'gu')) ?? []) if (!ALLOWED.has(c)) offenders.push(`${relative(root, f)}: ${c}`);
    }
    expect(offenders).toEqual([]);
  });
});
