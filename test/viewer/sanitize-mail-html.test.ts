// The mail sanitiser (DOMPurify) and the srcdoc document built around it, run in a real DOM: Debian's Chromium,
// headless (current jsdom needs Node >= 22). Chromium also enforces the frame's CSP, so the last tests can prove
// that nothing remote loads and no script runs, not only that the markup looks clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);

/** Runs in the page: sanitize / mailDocument with plain-data arguments (a Map and a callback cannot cross over). */
const ENTRY = `
import { sanitizeMailHtml, mailFrameCsp } from './src/viewer/sanitize-mail-html';
import { mailDocument } from './src/viewer/mail-document';
const cids = (list) => new Map(list.map(([cid, mediaType, size]) => [cid, { mediaType, bytes: new Uint8Array(size).fill(7) }]));
globalThis.__mail = {
  sanitize: (html, allowRemote) => {
    const asked = [];
    const r = sanitizeMailHtml(html, { allowRemote, resolveCid: (cid) => { asked.push(cid); return cid === 'known' ? 'data:image/png;base64,iVBORw0KGgo=' : null; } });
    return { ...r, asked };
  },
  doc: (html, text, inline, allowRemote) => mailDocument({ html, text, inline: cids(inline), attachments: [] }, { allowRemote, textMargin: '0' }),
  csp: mailFrameCsp,
};`;

interface Sanitized {
  html: string;
  remoteImages: number;
  asked: string[];
}

let browser: Browser;
let page: Page;
const requests: string[] = [];

async function sanitize(html: string, allowRemote = false): Promise<Sanitized> {
  return page.evaluate(([h, a]) => (globalThis as unknown as { __mail: { sanitize(h: string, a: boolean): Sanitized } }).__mail.sanitize(h, a), [html, allowRemote] as const);
}

async function mailDoc(html: string | null, opts: { text?: string; inline?: [string, string, number][]; allowRemote?: boolean } = {}): Promise<{ doc: string; remoteImages: number }> {
  return page.evaluate(
    ([h, t, i, a]) => (globalThis as unknown as { __mail: { doc(...x: unknown[]): { doc: string; remoteImages: number } } }).__mail.doc(h, t, i, a),
    [html, opts.text ?? null, opts.inline ?? [], opts.allowRemote ?? false] as const,
  );
}

/** Everything in the sanitised markup that could run or fetch: elements, on* attributes, URL-bearing attributes. */
async function inspect(html: string): Promise<{ tags: string[]; handlers: string[]; urls: string[] }> {
  return page.evaluate((h) => {
    const d = new DOMParser().parseFromString(h, 'text/html');
    const tags = new Set<string>();
    const handlers: string[] = [];
    const urls: string[] = [];
    for (const el of d.querySelectorAll('*')) {
      tags.add(el.localName);
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) handlers.push(`${el.localName}.${a.name}`);
        if (/^(src|href|xlink:href|srcset|background|poster|action|formaction|data|ping|content)$/i.test(a.name)) urls.push(`${el.localName}.${a.name}=${a.value}`);
      }
    }
    return { tags: [...tags], handlers, urls };
  }, html);
}

describe.skipIf(!hasChromium)('sanitizeMailHtml and mailDocument, in Chromium', () => {
  beforeAll(async () => {
    const bundle = await build({ stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'iife', write: false, target: 'chrome120' });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext();
    // Every request leaves a trace and gets a 1x1 GIF (or a stylesheet/script that would set a flag), never the network.
    await context.route(/^https?:/, async (route) => {
      const url = route.request().url();
      if (url.startsWith('https://viewer.test/')) return route.fulfill({ contentType: 'text/html', body: '<!doctype html><html><head></head><body></body></html>' });
      requests.push(url);
      if (url.endsWith('.css')) return route.fulfill({ contentType: 'text/css', body: 'body{--loaded:1}' });
      if (url.endsWith('.js')) return route.fulfill({ contentType: 'text/javascript', body: 'top.__pwned = 1' });
      return route.fulfill({ contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64') });
    });
    page = await context.newPage();
    await page.goto('https://viewer.test/');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('removes scripts and event handlers, keeps the text', async () => {
    const { html } = await sanitize(
      '<p onclick="alert(1)">Hello <b onmouseover="x()">there</b></p><script>alert(1)</script><img src="data:image/png;base64,iVBORw0KGgo=" onerror="alert(1)" onload="alert(2)"><details open ontoggle="alert(3)"><summary>s</summary></details><body onload="alert(4)">',
    );
    const r = await inspect(html);
    expect(r.tags).not.toContain('script');
    expect(r.handlers).toEqual([]);
    expect(html).toContain('Hello <b>there</b>');
    expect(html).toContain('<img src="data:image/png;base64,iVBORw0KGgo=">');
  });

  it('drops javascript: URLs, and opens links in a new tab without referrer', async () => {
    const { html } = await sanitize('<a href="javascript:alert(1)">j</a><a href=" JaVaScRiPt:alert(1)">k</a><a href="https://ok.example/">ok</a><math><mi xlink:href="javascript:alert(1)">m</mi></math>');
    const r = await inspect(html);
    expect(r.urls.filter((u) => /javascript/i.test(u))).toEqual([]);
    expect(r.urls).toContain('a.href=https://ok.example/');
    expect(html).toMatch(/<a href="https:\/\/ok\.example\/" target="_blank" rel="noopener noreferrer">ok<\/a>/);
  });

  it('removes forms, meta refresh, base, link stylesheets, object/embed/iframe/frame and media elements', async () => {
    const { html } = await sanitize(
      '<form action="https://evil.example/f"><input name=a><button formaction="https://evil.example/b">b</button><textarea></textarea><select><option>o</option></select></form>' +
        '<meta http-equiv="refresh" content="0;url=https://evil.example/r"><base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/l.css">' +
        '<object data="https://evil.example/o"></object><embed src="https://evil.example/e"><iframe src="https://evil.example/i"></iframe><frameset><frame src="https://evil.example/fr"></frameset>' +
        '<video poster="https://evil.example/v.png"><source src="https://evil.example/v.mp4"><track src="https://evil.example/t.vtt"></video><audio src="https://evil.example/a.mp3"></audio><p>kept</p>',
    );
    const r = await inspect(html);
    for (const tag of ['form', 'input', 'button', 'textarea', 'select', 'meta', 'base', 'link', 'object', 'embed', 'iframe', 'frame', 'frameset', 'video', 'audio', 'source', 'track']) expect(r.tags, tag).not.toContain(tag);
    expect(html).not.toMatch(/evil\.example/i);
    expect(html).toContain('<p>kept</p>');
  });

  it('removes script and javascript: links inside SVG, and animations that could set one', async () => {
    const { html } = await sanitize(
      '<svg><script>alert(1)</script><a href="javascript:alert(1)"><text>x</text></a><a xlink:href="javascript:alert(2)"><circle r="1"/></a><animate attributeName="href" to="javascript:alert(3)"/><set attributeName="href" to="javascript:alert(4)"/><foreignObject><script>alert(5)</script></foreignObject></svg>',
    );
    const r = await inspect(html);
    expect(r.tags).not.toContain('script');
    expect(r.tags).not.toContain('animate');
    expect(r.tags).not.toContain('set');
    expect(html).not.toMatch(/javascript|alert/i);
  });

  it('strips remote img src (counted), srcset, background and poster unless remote images are allowed', async () => {
    const input =
      '<img src="https://evil.example/a.png" srcset="https://evil.example/b.png 2x"><img src="HTTP://EVIL.EXAMPLE/UP.png"><img src=" https://evil.example/ws.png">' +
      '<img src="//evil.example/proto.png"><img src="ftp://evil.example/f.png"><picture><source srcset="https://evil.example/p.png"><img src="data:image/gif;base64,R0lGOD"></picture>' +
      '<table background="https://evil.example/t.png"><tr><td background="https://evil.example/td.png">a</td></tr></table><img dynsrc="https://evil.example/d" lowsrc="https://evil.example/l">';
    const blocked = await sanitize(input);
    expect(blocked.remoteImages).toBe(3);
    expect(blocked.html).not.toMatch(/evil\.example/i);
    expect(blocked.html.match(/data-blocked="remote"/g)).toHaveLength(3);
    expect(blocked.html).toContain('src="data:image/gif;base64,R0lGOD"');
    const allowed = await sanitize(input, true);
    expect(allowed.remoteImages).toBe(3);
    const urls = (await inspect(allowed.html)).urls;
    // Only the three plain http(s) img src survive; srcset, background, protocol-relative and ftp never do.
    expect(urls.filter((u) => /evil\.example/i.test(u)).sort()).toEqual(['img.src=HTTP://EVIL.EXAMPLE/UP.png', 'img.src=https://evil.example/a.png', 'img.src=https://evil.example/ws.png']);
  });

  it('resolves cid: images through the message only, and drops unknown ones', async () => {
    const r = await sanitize('<img src="cid:known" alt="a"><img src="CID:missing" alt="b"><img src="cid:ch%61rt" alt="c">');
    expect(r.asked).toEqual(['known', 'missing', 'chart']);
    expect(r.html).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">');
    expect(r.html).toContain('<img alt="b">');
    expect(r.remoteImages).toBe(0);
  });

  it('does not throw on a malformed cid: reference (a hostile mail must still render)', async () => {
    const r = await sanitize('<p>before</p><img src="cid:%E0%A4%A" alt="bad"><img src="cid:100%" alt="pct">');
    expect(r.html).toContain('<p>before</p>');
    expect(r.html).toContain('<img alt="bad">');
    expect(r.html).toContain('<img alt="pct">');
    expect(r.asked).toEqual(['%E0%A4%A', '100%']);
  });

  it('mailDocument inlines cid: parts only for small png/gif/jpeg/webp/bmp', async () => {
    const html = ['png', 'gif', 'jpeg', 'webp', 'bmp', 'svg', 'html', 'big', 'param'].map((k) => `<img alt="${k}" src="cid:${k}">`).join('');
    const inline: [string, string, number][] = [
      ['png', 'image/png', 10],
      ['gif', 'image/gif', 10],
      ['jpeg', 'image/jpeg', 10],
      ['webp', 'image/webp', 10],
      ['bmp', 'image/bmp', 10],
      ['svg', 'image/svg+xml', 10],
      ['html', 'text/html', 10],
      ['big', 'image/png', 2 * 1024 * 1024 + 1],
      ['param', 'image/png;charset="x', 10],
    ];
    const { doc } = await mailDoc(html, { inline });
    const srcs = await page.evaluate((d) => Object.fromEntries([...new DOMParser().parseFromString(d, 'text/html').images].map((i) => [i.alt, i.getAttribute('src')])), doc);
    for (const t of ['png', 'gif', 'jpeg', 'webp', 'bmp']) expect(srcs[t], t).toBe(`data:image/${t};base64,BwcHBwcHBwcHBw==`);
    for (const t of ['svg', 'html', 'big', 'param']) expect(srcs[t], t).toBeNull();
  });

  it('mailFrameCsp(false) allows no remote load and no script; (true) opens images only', async () => {
    const parse = (csp: string) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    const off = parse(await page.evaluate(() => (globalThis as unknown as { __mail: { csp(a: boolean): string } }).__mail.csp(false)));
    expect(off['default-src']).toEqual(["'none'"]);
    expect(off['img-src']).toEqual(['data:']);
    expect(off['script-src']).toEqual(["'none'"]);
    expect(off['style-src']).toEqual(["'unsafe-inline'"]);
    expect(off['font-src']).toEqual(['data:']);
    expect(off['form-action']).toEqual(["'none'"]);
    expect(off['base-uri']).toEqual(["'none'"]);
    for (const sources of Object.values(off)) for (const s of sources) expect(s).not.toMatch(/^(https?:|\*|blob:)|\./);
    const on = parse(await page.evaluate(() => (globalThis as unknown as { __mail: { csp(a: boolean): string } }).__mail.csp(true)));
    expect(on['img-src'].sort()).toEqual(['data:', 'http:', 'https:']);
    expect(on['script-src']).toEqual(["'none'"]);
    expect(on['style-src']).toEqual(["'unsafe-inline'"]);
  });

  it('mailDocument puts the CSP first and escapes plain text', async () => {
    const { doc } = await mailDoc('<html><head><meta http-equiv="Content-Security-Policy" content="img-src *"></head><body><p>x</p></body></html>');
    expect(doc.startsWith(`<meta http-equiv="Content-Security-Policy" content="${await page.evaluate(() => (globalThis as unknown as { __mail: { csp(a: boolean): string } }).__mail.csp(false))}">`)).toBe(true);
    expect(doc.match(/Content-Security-Policy/g)).toHaveLength(1); // the mail's own meta is gone
    const text = await mailDoc(null, { text: '<script>alert(1)</script> & <img src=https://evil.example/t.png>' });
    expect(text.doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=https://evil.example/t.png&gt;');
    expect(text.remoteImages).toBe(0);
  });

  // Every remote-load vector at once, rendered the way decrypted.ts renders it: srcdoc, sandbox without scripts.
  const HOSTILE =
    '<html><head><style>@import url(https://evil.example/import.css); @import "https://evil.example/import2.css";' +
    '@font-face{font-family:x;src:url(https://evil.example/font.woff)} body{font-family:x;background:image-set(url(https://evil.example/set.png) 1x)}' +
    ' p{background:-webkit-image-set("https://evil.example/set2.png" 1x)} li{list-style-image:url(https://evil.example/li.png)}</style>' +
    '<link rel=stylesheet href="https://evil.example/link.css"><script src="https://evil.example/s.js"></script></head>' +
    '<body background="https://evil.example/body.png"><p style="background:url(https://evil.example/inline.png)">text</p><ul><li>i</li></ul>' +
    '<img src="https://evil.example/img.png"><img src="x" onerror="top.__pwned=1"><img srcset="https://evil.example/srcset.png 1x">' +
    '<svg width="10" height="10"><filter id="f"><feImage href="https://evil.example/feimage.png"/></filter><rect width="10" height="10" filter="url(#f)"/>' +
    '<image href="https://evil.example/svgimage.png" width="5" height="5"/><use href="https://evil.example/use.svg#a"/><script>top.__pwned=1</script></svg>' +
    '<table background="https://evil.example/table.png"><tr><td>t</td></tr></table><iframe src="https://evil.example/frame"></iframe>' +
    '<object data="https://evil.example/obj"></object><embed src="https://evil.example/embed"><video poster="https://evil.example/poster.png"></video>' +
    '<meta http-equiv="refresh" content="0;url=https://evil.example/refresh"><form action="https://evil.example/form"><input type="image" src="https://evil.example/input.png"></form>' +
    '<a href="javascript:top.__pwned=1" id="js">js</a></body></html>';

  async function render(allowRemote: boolean): Promise<{ loaded: string[]; pwned: boolean; remoteImages: number }> {
    requests.length = 0;
    const { doc, remoteImages } = await mailDoc(HOSTILE, { allowRemote });
    await page.evaluate((d) => {
      (window as unknown as { __pwned?: number }).__pwned = undefined;
      const f = document.createElement('iframe');
      f.setAttribute('sandbox', 'allow-same-origin allow-popups allow-popups-to-escape-sandbox');
      f.srcdoc = d;
      document.body.replaceChildren(f);
      return new Promise((resolve) => f.addEventListener('load', resolve, { once: true }));
    }, doc);
    await page.waitForTimeout(400);
    const pwned = await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned === 1);
    return { loaded: requests.filter((u) => /evil\.example/i.test(u)), pwned, remoteImages };
  }

  it('in the sandboxed srcdoc frame, nothing remote loads and no script runs', async () => {
    const r = await render(false);
    expect(r.loaded).toEqual([]);
    expect(r.pwned).toBe(false);
    expect(r.remoteImages).toBe(1);
  });

  it('with "load remote images", images load (so the probe sees requests) but still no script, stylesheet, font or frame', async () => {
    const r = await render(true);
    expect(r.pwned).toBe(false);
    expect(r.loaded).toContain('https://evil.example/img.png');
    // CSS and SVG images load too once allowed, so the test above would see them if the CSP let them through.
    expect(r.loaded).toContain('https://evil.example/inline.png');
    const notImages = r.loaded.filter((u) => !/\.png$/.test(u));
    expect(notImages).toEqual([]);
    for (const never of ['srcset.png', 'body.png', 'table.png', 'poster.png', 'input.png']) expect(r.loaded.some((u) => u.endsWith(never)), never).toBe(false);
  });
});
