// The per-browser manifests: each carries only its own browser's keys, and everything shared (content scripts,
// host matches added by any site adapter) survives unchanged.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EXTENSION_PAGES_CSP, GECKO_ID, manifestFor, parseTargetBrowser } from '../../build/browser-manifest';

const base = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const major = (v: string) => Number(v.split('.')[0]);

describe('manifestFor', () => {
  const chrome = manifestFor(base, 'chrome');
  const firefox = manifestFor(base, 'firefox');

  it('gives Chrome a service worker and no Firefox keys', () => {
    expect(chrome.background).toEqual({ service_worker: (base.background as { service_worker: string }).service_worker, type: 'module' });
    expect(chrome.browser_specific_settings).toBeUndefined();
    expect(chrome.minimum_chrome_version).toBe(base.minimum_chrome_version);
  });

  it('gives Firefox an ES-module event page, a fixed gecko id, min version 140 and the data-collection declaration', () => {
    expect(firefox.background).toEqual({ scripts: [(base.background as { service_worker: string }).service_worker], type: 'module' });
    expect('service_worker' in (firefox.background as object)).toBe(false);
    expect(firefox.minimum_chrome_version).toBeUndefined();
    const gecko = (firefox.browser_specific_settings as { gecko: { id: string; strict_min_version: string; data_collection_permissions: { required: string[] } } }).gecko;
    expect(gecko.id).toBe(GECKO_ID);
    expect(major(gecko.strict_min_version)).toBeGreaterThanOrEqual(140);
    expect(gecko.data_collection_permissions.required).toEqual(['none']);
    const android = (firefox.browser_specific_settings as { gecko_android: { strict_min_version: string } }).gecko_android;
    expect(major(android.strict_min_version)).toBeGreaterThanOrEqual(142);
  });

  it('sets an extension-pages CSP without upgrade-insecure-requests in both (CRL and OCSP are plain http)', () => {
    for (const m of [chrome, firefox]) {
      const csp = (m.content_security_policy as { extension_pages: string }).extension_pages;
      expect(csp).toBe(EXTENSION_PAGES_CSP);
      expect(csp).not.toMatch(/upgrade-insecure-requests/);
      expect(csp).toMatch(/script-src 'self'/);
    }
  });

  it('drops use_dynamic_url for Firefox only', () => {
    const withDynamic = { ...base, web_accessible_resources: [{ resources: ['a.html'], matches: ['https://x.example/*'], use_dynamic_url: true }] };
    expect((manifestFor(withDynamic, 'firefox').web_accessible_resources as object[])[0]).toEqual({ resources: ['a.html'], matches: ['https://x.example/*'] });
    expect((manifestFor(withDynamic, 'chrome').web_accessible_resources as { use_dynamic_url?: boolean }[])[0].use_dynamic_url).toBe(true);
  });

  it('carries every shared key unchanged (content scripts, host matches, resources, permissions)', () => {
    for (const m of [chrome, firefox]) {
      for (const key of ['content_scripts', 'host_permissions', 'permissions', 'optional_host_permissions', 'commands', 'action', 'version', 'default_locale']) {
        expect(m[key]).toEqual(base[key]);
      }
    }
    const added = { ...base, content_scripts: [...(base.content_scripts as object[]), { matches: ['https://outlook.live.com/*'], js: ['x.ts'] }] };
    expect(manifestFor(added, 'firefox').content_scripts).toEqual(added.content_scripts);
  });

  it('does not modify its input', () => {
    const copy = structuredClone(base);
    manifestFor(base, 'firefox');
    expect(base).toEqual(copy);
  });
});

describe('parseTargetBrowser', () => {
  it('defaults to chrome and refuses unknown browsers', () => {
    expect(parseTargetBrowser(undefined)).toBe('chrome');
    expect(parseTargetBrowser('firefox')).toBe('firefox');
    expect(() => parseTargetBrowser('safari')).toThrow(/Unknown target browser/);
  });
});
