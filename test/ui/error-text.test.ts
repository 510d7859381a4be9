// Every error code of the message API has its own plain words in English and Japanese: none falls back to the
// generic sentence, which quoted the English detail inside the Japanese UI ("問題が発生しました: file is empty.").
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorText } from '../../src/ui/error-text';

const root = join(__dirname, '..', '..');
const locale = (lang: string) => JSON.parse(readFileSync(join(root, 'public', '_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;

function errorCodes(): string[] {
  const src = readFileSync(join(root, 'src', 'shared', 'messages.ts'), 'utf8');
  const union = /export type ErrorCode =([\s\S]*?);\n/.exec(src.replace(/\/\/.*$/gm, ''))![1];
  return [...union.matchAll(/\|\s*'([a-z0-9-]+)'/g)].map((m) => m[1]);
}

describe('error texts', () => {
  const en = locale('en');
  const ja = locale('ja');
  it('give every error code a message of its own, present in both languages', () => {
    const codes = errorCodes();
    expect(codes.length).toBeGreaterThan(30);
    expect(codes).toContain('empty-file');
    for (const code of codes) {
      // Outside the extension t() returns the message name, so this is the key the UI would show.
      const key = errorText(code, 'English detail');
      expect(key, code).not.toBe('errGeneric');
      expect(en[key], `${code} → ${key} (en)`).toBeDefined();
      expect(ja[key], `${code} → ${key} (ja)`).toBeDefined();
    }
  });
});
