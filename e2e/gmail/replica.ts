// A local replica of Gmail's read view, served at https://mail.google.com through Playwright request interception
// (Chromium) or the e2e proxy (Firefox, e2e/firefox/route-proxy.ts), which both implement RouteHost.
// It reproduces the structure the content script relies on (div.adn + data-message-id, .ii.gt > .a3s.aiL, h2.hP,
// .aQH > span.aZo cards, GLOBALS[9] = ik, /mail/u/<N>/, "Show original" escaping, view=att byte downloads) so the
// e2e tests and `npm start` exercise the same code paths as real Gmail. Shared by e2e tests and scripts/demo.mjs.
import type { RouteHost, RouteLike } from './routes';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The replica's own mailbox: OpenSSL-made demo mail, the demo CA and identity (see fixtures/index.json). */
export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface FixtureMessage {
  key: string;
  file: string;
  id: string; // decimal msg-f id
  legacyId: string; // hex
  thread: { decimal: string; hex: string };
  subject: string;
  fromName: string;
  from: string;
  display: string;
  displayHtml?: string;
  expect: string;
  size: number;
}

export interface FixtureIndex {
  p12Password: string;
  demoAddress: string;
  messages: FixtureMessage[];
}

export interface ReplicaOptions {
  fixturesDir: string;
  /** 'current' mirrors today's Gmail; 'redesigned' renames classes and data attributes (selector-failure test). */
  variant?: 'current' | 'redesigned';
  /**
   * How view=att answers. Real Gmail redirects to mail-attachment.googleusercontent.com, but Playwright routes do not
   * intercept the target of a fulfilled redirect, so 'bytes' (default) serves the download directly, and 'redirect'
   * answers 302 to the attachment host, which then fails like a CORS/network refusal (tests the view=om fallback).
   */
  attMode?: 'bytes' | 'redirect';
  accountIndex?: number;
  ik?: string;
  /** Extra messages (raw bytes + metadata), e.g. corpus mail added by a test. */
  extra?: { meta: Omit<FixtureMessage, 'file' | 'size'>; raw: Uint8Array }[];
}

export interface ReplicaStats {
  om: number;
  att: number;
  attachmentHost: number;
  remote: string[]; // URLs of any request to a host that is not Gmail's (all are blocked)
}

export interface Replica {
  index: FixtureIndex;
  messages: FixtureMessage[];
  stats: ReplicaStats;
  inboxUrl: string;
  threadUrl(key: string): string;
  raw(key: string): Uint8Array;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function attachmentNames(raw: string): string[] {
  const names = new Set<string>();
  for (const m of raw.matchAll(/filename="?([^";\r\n]{1,100})"?/gi)) names.add(m[1].trim());
  return [...names];
}

export async function installGmailReplica(context: RouteHost, opts: ReplicaOptions): Promise<Replica> {
  const index = JSON.parse(readFileSync(join(opts.fixturesDir, 'index.json'), 'utf8')) as FixtureIndex;
  const account = opts.accountIndex ?? 0;
  const ik = opts.ik ?? '3f2a9c41b7';
  const variant = opts.variant ?? 'current';
  const raws = new Map<string, Uint8Array>();
  const messages: FixtureMessage[] = index.messages.map((m) => {
    raws.set(m.key, new Uint8Array(readFileSync(join(opts.fixturesDir, m.file))));
    return m;
  });
  for (const e of opts.extra ?? []) {
    raws.set(e.meta.key, e.raw);
    messages.push({ ...e.meta, file: '', size: e.raw.length });
  }
  const byLegacy = new Map(messages.map((m) => [m.legacyId, m]));
  const byDecimal = new Map(messages.map((m) => [m.id, m]));
  const stats: ReplicaStats = { om: 0, att: 0, attachmentHost: 0, remote: [] };
  const base = `https://mail.google.com/mail/u/${account}/`;

  // Threads in inbox order (newest first), each with its messages oldest first, as Gmail shows them.
  const threads: { hex: string; decimal: string; subject: string; messages: FixtureMessage[] }[] = [];
  for (const m of messages) {
    let t = threads.find((x) => x.hex === m.thread.hex);
    if (!t) threads.push((t = { hex: m.thread.hex, decimal: m.thread.decimal, subject: m.subject, messages: [] }));
    t.messages.push(m);
  }
  threads.reverse();

  const data = {
    ik,
    account,
    variant,
    threads: threads.map((t) => ({
      hex: t.hex,
      decimal: t.decimal,
      subject: t.subject,
      messages: t.messages.map((m) => {
        const raw = new TextDecoder('latin1').decode(raws.get(m.key));
        return {
          id: m.id,
          legacyId: m.legacyId,
          fromName: m.fromName,
          from: m.from,
          date: /^Date: (.*)$/m.exec(raw)?.[1]?.trim() ?? '',
          display: m.display,
          displayHtml: m.displayHtml ?? null,
          cards: attachmentNames(raw).map((name, i) => ({
            name,
            url: `${base.replace(/\/$/, '')}?ui=2&ik=${ik}&attid=0.${i + 1}&permmsgid=msg-f:${m.id}&th=${m.legacyId}&view=att&disp=safe&realattid=f_${m.legacyId.slice(0, 8)}${i}&zw`,
            mime: name.endsWith('.p7s') ? 'application/pkcs7-signature' : 'application/pkcs7-mime',
          })),
        };
      }),
    })),
  };

  const appHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Inbox - demo.user@example.com - Gmail (replica)</title>
<style>
body{margin:0;font:14px/1.4 Roboto,Arial,sans-serif;background:#f6f8fc;color:#1f1f1f}
.gb{height:56px;display:flex;align-items:center;padding:0 16px;font-size:20px;color:#444}
.gb b{color:#d93025}.wrap{display:flex}.nav{width:200px;padding:8px 16px}.nav a{display:block;padding:4px 8px;border-radius:12px;color:#1f1f1f;text-decoration:none}
.nav a.sel{background:#d3e3fd;font-weight:bold}[role=main]{flex:1;background:#fff;border-radius:16px;margin:0 16px 16px 0;min-height:80vh;padding:8px 0}
table.F{width:100%;border-collapse:collapse}tr.zA{cursor:pointer;border-bottom:1px solid #eee}tr.zA td{padding:10px 16px}tr.zA:hover{background:#f2f6fc}
.yW{width:200px;font-weight:bold}.bog{font-weight:bold}.y2{color:#666}
h2.hP{font-size:22px;font-weight:400;margin:12px 24px}.adn{margin:8px 24px 16px;border-bottom:1px solid #eee;padding-bottom:12px}
.gD{font-weight:bold}.go{color:#555}.g3{color:#666;float:right;font-size:12px}.ii.gt{margin-top:8px}.a3s{white-space:pre-wrap;font-size:14px}
.aQH{display:flex;gap:8px;margin-top:12px}.aZo{border:1px solid #ddd;border-radius:8px;padding:8px 12px;font-size:13px}.aZo a{color:#1f1f1f;text-decoration:none}
.back{margin:8px 24px;cursor:pointer;color:#0b57d0}
</style></head><body>
<div class="gb"><b>M</b>&nbsp;Gmail <span style="font-size:12px;margin-left:12px;color:#888">local replica for the S/MIME demo</span></div>
<div class="wrap"><div class="nav" role="navigation"><a class="sel" href="#inbox">Inbox</a><a href="#sent">Sent</a></div><div role="main" class="nH"></div></div>
<script>var GLOBALS=[null,null,2,"demo.user@example.com",null,"en",null,"https://mail.google.com/mail/u/${account}/",null,${JSON.stringify(ik)},"gmail_fe_replica",1,null,null,"Demo User"];</script>
<script>
(function(){
var DATA=${JSON.stringify(data).replace(/</g, '\\u003c')};
var R=DATA.variant==='redesigned';
var C={adn:R?'mX1 q9':'adn ads',body:R?'zq0 r7':'a3s aiL',bodyWrap:R?'k2 v8':'ii gt',subj:R?'tK1':'hP',cards:R?'w0p':'aQH',card:R?'u7y':'aZo',name:R?'n3m':'aV3'};
var policy=window.trustedTypes?trustedTypes.createPolicy('gmail-replica',{createHTML:function(s){return s}}):{createHTML:function(s){return s}};
function el(tag,attrs,kids){var e=document.createElement(tag);for(var k in attrs||{}){if(k==='class')e.className=attrs[k];else if(k==='text')e.textContent=attrs[k];else e.setAttribute(k,attrs[k]);}(kids||[]).forEach(function(c){if(c)e.appendChild(c)});return e;}
var main=document.querySelector('[role=main]');
function inbox(){
  var tb=el('tbody');
  DATA.threads.forEach(function(t){
    var last=t.messages[t.messages.length-1];
    var tr=el('tr',{class:'zA zE','data-legacy-thread-id':t.hex},[el('td',{class:'yW',text:last.fromName}),el('td',{},[el('span',{class:'bog',text:t.subject}),el('span',{class:'y2',text:' - '+(last.display||'').slice(0,60)})])]);
    tr.addEventListener('click',function(){location.hash='#inbox/'+t.hex});
    tb.appendChild(tr);
  });
  main.replaceChildren(el('table',{class:'F cf zt',role:'grid'},[tb]));
}
function thread(hex){
  var t=DATA.threads.find(function(x){return x.hex===hex});
  if(!t){inbox();return;}
  var back=el('div',{class:'back',role:'button','aria-label':'Back to Inbox',text:'\\u2190 Back to Inbox'});back.addEventListener('click',function(){location.hash='#inbox'});
  var h2=el('h2',R?{class:C.subj}:{class:C.subj,'data-thread-perm-id':'thread-f:'+t.decimal,'data-legacy-thread-id':t.hex,tabindex:'-1'});h2.textContent=t.subject;
  var list=el('div',{role:'list'});
  t.messages.forEach(function(m){
    var body=el('div',{class:C.body,dir:'ltr'});
    if(m.displayHtml){body.innerHTML=policy.createHTML(m.displayHtml);}else{body.textContent=m.display;}
    var attrs=R?{class:C.adn,'data-mid':'#msg-f:'+m.id}:{class:C.adn,role:'listitem','data-message-id':'#msg-f:'+m.id,'data-legacy-message-id':m.legacyId};
    var cards=null;
    if(m.cards.length){
      cards=el('div',{class:C.cards});
      m.cards.forEach(function(c){cards.appendChild(el('span',{class:C.card,download_url:c.mime+':'+c.name+':'+c.url},[el('a',{href:c.url,target:'_blank',role:'link','aria-label':'Download attachment '+c.name},[el('span',{class:C.name,text:c.name})])]))});
    }
    var header=el('div',{class:'gE iv gt'},[el('span',{class:'gD',email:m.from,name:m.fromName,text:m.fromName}),el('span',{class:'go',text:' <'+m.from+'>'}),el('span',{class:'g3',text:m.date})]);
    list.appendChild(el('div',attrs,[el('div',{class:'gs'},[header,el('div',{class:C.bodyWrap},[body]),cards?el('div',{class:'hq gt'},[cards]):null])]));
  });
  main.replaceChildren(back,el('div',{class:'nH'},[h2,list]));
}
function route(){var m=/^#[a-z]+\\/([0-9a-f]+)$/.exec(location.hash);if(m)thread(m[1]);else inbox();}
window.addEventListener('hashchange',route);route();
})();
</script></body></html>`;

  const fulfillHtml = (route: RouteLike, body: string, status = 200) =>
    route.fulfill({
      status,
      contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types gmail-replica" },
      body,
    });

  await context.route(/^https:\/\/mail\.google\.com\//, async (route) => {
    const url = new URL(route.request().url());
    const view = url.searchParams.get('view');
    const pathOk = url.pathname === `/mail/u/${account}/` || url.pathname === `/mail/u/${account}`;
    if (url.pathname === '/' || url.pathname === '/mail/' || url.pathname === '/mail') {
      return route.fulfill({ status: 302, headers: { location: base } });
    }
    // Several replicas (one per /u/<N>/ account) can share a context: leave other accounts to theirs.
    if (!pathOk) return /^\/mail\/u\/\d+/.test(url.pathname) ? route.fallback() : route.fulfill({ status: 404, body: 'not found' });
    if (view === 'om') {
      stats.om++;
      const id = /^msg-f:(\d{1,20})$/.exec(url.searchParams.get('permmsgid') ?? '')?.[1];
      const m = id ? byDecimal.get(id) : undefined;
      if (url.searchParams.get('ik') !== ik || !m) return fulfillHtml(route, '<html><body>Error: the message could not be found.</body></html>', 404);
      const text = new TextDecoder('latin1').decode(raws.get(m.key));
      // "Show original": a summary table, then the source HTML-escaped in <pre id="raw_message_text">.
      return fulfillHtml(
        route,
        `<!doctype html><html><head><meta charset="utf-8"><title>Original Message</title></head><body><div class="top">Original Message</div>` +
          `<table class="summary"><tr><td>Message ID</td><td>${escapeHtml(/^Message-ID: (.*)$/im.exec(text)?.[1] ?? '')}</td></tr></table>` +
          `<a href="?view=att&amp;th=${m.legacyId}&amp;attid=0&amp;disp=comp&amp;safe=1&amp;zw">Download Original</a>` +
          `<pre class="raw_message_text" id="raw_message_text">${escapeHtml(text)}</pre></body></html>`,
      );
    }
    if (view === 'att') {
      stats.att++;
      const m = byLegacy.get(url.searchParams.get('th') ?? '');
      if (url.searchParams.get('ik') !== ik || !m) return route.fulfill({ status: 404, body: 'not found' });
      if (url.searchParams.get('attid') !== '0') return route.fulfill({ status: 400, body: 'only the whole message (attid=0) is served by the replica' });
      if (opts.attMode === 'redirect') {
        return route.fulfill({
          status: 302,
          headers: { location: `https://mail-attachment.googleusercontent.com/attachment/u/${account}/?ui=2&ik=${ik}&attid=0&th=${m.legacyId}&disp=comp&safe=1&zw&saddbat=ANGjdJ_replica` },
        });
      }
      return route.fulfill({
        status: 200,
        headers: { 'content-type': 'message/rfc822', 'content-disposition': 'attachment; filename="original_msg.eml"' },
        body: Buffer.from(raws.get(m.key)!),
      });
    }
    if (!view) return fulfillHtml(route, appHtml);
    return route.fulfill({ status: 400, body: 'unsupported view' });
  });

  await context.route(/^https:\/\/mail-attachment\.googleusercontent\.com\//, async (route) => {
    stats.attachmentHost++;
    const url = new URL(route.request().url());
    const m = byLegacy.get(url.searchParams.get('th') ?? '');
    const cors: Record<string, string> = { 'access-control-allow-origin': 'https://mail.google.com', 'access-control-allow-credentials': 'true' };
    if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    if (!m) return route.fulfill({ status: 404, headers: cors, body: 'not found' });
    return route.fulfill({
      status: 200,
      headers: { ...cors, 'content-type': 'message/rfc822', 'content-disposition': 'attachment; filename="original_msg.eml"' },
      body: Buffer.from(raws.get(m.key)!),
    });
  });

  // Everything else on the network is blocked and recorded: the demo and tests stay offline.
  await context.route(/^https?:\/\/(?!mail\.google\.com\/|mail-attachment\.googleusercontent\.com\/)/, (route) => {
    stats.remote.push(route.request().url());
    return route.fulfill({ status: 404, body: '' });
  });

  return {
    index,
    messages,
    stats,
    inboxUrl: `${base}#inbox`,
    threadUrl: (key) => `${base}#inbox/${messages.find((m) => m.key === key)!.thread.hex}`,
    raw: (key) => raws.get(key)!,
  };
}
