// A local replica of the new Outlook on the web (message list + conversation reading pane), served at
// https://outlook.live.com (or another Outlook origin) through Playwright request interception, holding the same
// OpenSSL-made sample mailbox as the Gmail replica (e2e/gmail/fixtures). It reproduces what the content script
// relies on (see README.md): [role=main], #ReadingPaneContainerId > #ConversationReadingPaneContainer >
// [data-app-section=ConversationContainer], [data-app-section=MessageBody] > div[role=document], rows with
// data-convid + aria-selected, routes /mail/0/inbox/id/<EWS item id>, generated class names, and the page's own
// service.svc calls with an Authorization header (fetch and XMLHttpRequest) that the mock checks. Also serves
// Microsoft Graph ($value, sendMail). Shared by the e2e tests, `npm start -- --site outlook` and the benchmark.
import type { BrowserContext, Route } from 'playwright-core';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FixtureIndex, FixtureMessage } from '../gmail/replica';

export { fixturesDir } from '../gmail/replica';

export interface OutlookReplicaOptions {
  fixturesDir: string;
  origin?: 'https://outlook.live.com' | 'https://outlook.office.com' | 'https://outlook.office365.com';
  /** 'current' mirrors today's Outlook; 'redesigned' drops the ids and data-app-section hooks (selector failure). */
  variant?: 'current' | 'redesigned';
  /** How service.svc answers GetItem: normally, with HTTP 500, or in a changed JSON shape. */
  service?: 'ok' | 'fails' | 'changed';
  /** The Graph access token the mock accepts on /me/messages/{id}/$value and /me/sendMail (null: no Graph). */
  graphToken?: string | null;
  /** The mailbox shown in the page (what GetOwaUserConfiguration answers). */
  mailbox?: string;
}

export interface OutlookStats {
  getItem: number;
  getItemMime: number;
  conversationItems: number;
  unauthorized: number;
  graphRead: number;
  graphUnauthorized: number;
  /** Every request to a host that is not this replica's origin or Graph (all blocked). */
  remote: string[];
  /** Requests that carried the page's Authorization token anywhere but the page's own origin. */
  tokenLeaks: string[];
}

export interface GraphSend {
  contentType: string;
  authorization: string;
  body: Buffer;
  /** The MIME message the base64 body decodes to. */
  raw: Buffer;
}

export interface OutlookReplica {
  index: FixtureIndex;
  messages: (FixtureMessage & { itemId: string; conversationId: string })[];
  stats: OutlookStats;
  sends: GraphSend[];
  /** Status codes to answer the next sendMail calls with, in order (then 202). */
  sendFailures: number[];
  origin: string;
  pageToken: string;
  inboxUrl: string;
  messageUrl(key: string): string;
  raw(key: string): Uint8Array;
  restId(key: string): string;
  /** Changes how service.svc answers GetItem from now on. */
  setService(mode: 'ok' | 'fails' | 'changed'): void;
}

const b64 = (s: string, n: number) => createHash('sha256').update(s).digest('base64').slice(0, n);

/** A deterministic EWS-style item id (base64 with "+" and "/"), as Exchange ids look. */
export function ewsItemId(key: string): string {
  // AAMk… is how Exchange item ids start; the tail is made to carry "+" and "/" so both id forms are exercised.
  return `AAMkADAwATY0MDAAMS1k+${b64(`item:${key}`, 40)}/AAA=`;
}

export function ewsConversationId(thread: string): string {
  return `AAQkADAwATY0MDAAMS1k/${b64(`conv:${thread}`, 32)}+AAA=`;
}

function attachmentNames(raw: string): string[] {
  const names = new Set<string>();
  for (const m of raw.matchAll(/filename="?([^";\r\n]{1,100})"?/gi)) names.add(m[1].trim());
  return [...names];
}

export async function installOutlookReplica(context: BrowserContext, opts: OutlookReplicaOptions): Promise<OutlookReplica> {
  const index = JSON.parse(readFileSync(join(opts.fixturesDir, 'index.json'), 'utf8')) as FixtureIndex;
  const origin = opts.origin ?? 'https://outlook.live.com';
  const variant = opts.variant ?? 'current';
  let service = opts.service ?? 'ok';
  const mailbox = opts.mailbox ?? index.demoAddress ?? 'demo.user@example.com';
  const pageToken = `EwA4BOl3BAAUcDnR9grBJokeAHaUKSvPpg${b64(origin, 24).replace(/[+/=]/g, 'x')}`;
  // Consumer Outlook (outlook.live.com) sends MSAuth1.0; work accounts (office.com, office365.com) a bearer token.
  const authorization = origin === 'https://outlook.live.com' ? `MSAuth1.0 usertoken="${pageToken}", type="MSACT"` : `Bearer ${pageToken}.eyJhdWQiOiJvd2EifQ.c2ln`;
  const raws = new Map<string, Uint8Array>();
  const messages = index.messages.map((m) => {
    raws.set(m.key, new Uint8Array(readFileSync(join(opts.fixturesDir, m.file))));
    return { ...m, itemId: ewsItemId(m.key), conversationId: ewsConversationId(m.thread.hex) };
  });
  const byItem = new Map(messages.map((m) => [m.itemId, m]));
  const stats: OutlookStats = { getItem: 0, getItemMime: 0, conversationItems: 0, unauthorized: 0, graphRead: 0, graphUnauthorized: 0, remote: [], tokenLeaks: [] };
  const sends: GraphSend[] = [];
  const sendFailures: number[] = [];
  const base = `${origin}/mail/0/`;

  // Conversations in inbox order (newest first), each with its messages oldest first.
  const convs: { id: string; subject: string; messages: typeof messages }[] = [];
  for (const m of messages) {
    let c = convs.find((x) => x.id === m.conversationId);
    if (!c) convs.push((c = { id: m.conversationId, subject: m.subject, messages: [] }));
    c.messages.push(m);
  }
  convs.reverse();

  const data = {
    variant,
    authorization,
    mailbox,
    convs: convs.map((c) => ({
      id: c.id,
      subject: c.subject,
      messages: c.messages.map((m) => {
        const raw = new TextDecoder('latin1').decode(raws.get(m.key));
        return {
          itemId: m.itemId,
          fromName: m.fromName,
          from: m.from,
          date: /^Date: (.*)$/m.exec(raw)?.[1]?.trim() ?? '',
          display: m.display,
          displayHtml: m.displayHtml ?? null,
          attachments: attachmentNames(raw),
        };
      }),
    })),
  };

  const appHtml = `<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Mail - Demo User - Outlook (replica)</title>
<style>
body{margin:0;font:14px/1.4 "Segoe UI","Segoe UI Web (West European)",-apple-system,Roboto,sans-serif;background:#f5f5f5;color:#242424}
.o365{height:48px;display:flex;align-items:center;padding:0 16px;background:#0f6cbd;color:#fff;font-size:16px;font-weight:600}
.o365 small{font-weight:400;margin-left:12px;opacity:.8;font-size:12px}
.shell{display:flex;height:calc(100vh - 48px)}.nav{width:200px;padding:12px}.nav a{display:block;padding:6px 10px;border-radius:4px;color:#242424;text-decoration:none}
.nav a.sel{background:#e0e9f5;font-weight:600}.nB7Hc{display:flex;flex:1;min-width:0}
#MailList{width:330px;background:#fff;border-right:1px solid #e0e0e0;overflow:auto}.jGG6V{padding:10px 14px;border-bottom:1px solid #f0f0f0;cursor:pointer}
.jGG6V[aria-selected=true]{background:#cfe4fa}.jGG6V:hover{background:#f5f5f5}.zU94Ic{font-weight:600}.TtcXM{color:#616161;font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#ReadingPaneContainerId{flex:1;min-width:0;overflow:auto;background:#fff;margin:8px;border-radius:8px}
.full{padding:16px 20px}.JdFsz{font-size:20px;font-weight:600;margin:4px 0 12px}.aVla3{display:flex;flex-direction:column;gap:12px}
.BS0OK{border:1px solid #e0e0e0;border-radius:8px;padding:12px 16px}.OZZZK{font-weight:600}.fP1Bl{color:#616161;font-size:12px;float:right}
.XbIp4{margin-top:10px;white-space:pre-wrap}.Yaq2E{display:flex;gap:8px;margin-top:12px}.Yaq2E [role=option]{border:1px solid #d1d1d1;border-radius:4px;padding:6px 10px;font-size:13px}
.tools{margin-top:10px;display:flex;gap:8px}.tools button{font:inherit;border:1px solid #d1d1d1;background:#fff;border-radius:4px;padding:4px 10px}
.empty{padding:40px;color:#616161}
</style></head><body>
<div class="o365">Outlook <small>local replica for the S/MIME demo</small></div>
<div class="shell"><div class="nav" role="navigation"><a class="sel" href="/mail/0/inbox">Inbox</a><a href="/mail/0/sentitems">Sent Items</a></div>
<div role="main" class="nB7Hc"></div></div>
<script>
(function(){
var DATA=${JSON.stringify(data).replace(/</g, '\\u003c')};
var R=DATA.variant==='redesigned';
var policy=window.trustedTypes?trustedTypes.createPolicy('owa-replica',{createHTML:function(s){return s}}):{createHTML:function(s){return s}};
function el(tag,attrs,kids){var e=document.createElement(tag);for(var k in attrs||{}){if(k==='class')e.className=attrs[k];else if(k==='text')e.textContent=attrs[k];else e.setAttribute(k,attrs[k]);}(kids||[]).forEach(function(c){if(c)e.appendChild(c)});return e;}
var HEADERS={'action':'','content-type':'application/json; charset=utf-8','authorization':DATA.authorization,'x-anchormailbox':'PUID:00037FFE8A1B2C3D@84df9e7f-e9f6-40af-b435-aaaaaaaaaaaa','x-owa-canary':'X2c1Tq0QeEmQ-replica'};
function svc(action,body){var h={};for(var k in HEADERS)h[k]=HEADERS[k];h.action=action;return fetch('/owa/service.svc?action='+action+'&app=Mail',{method:'POST',headers:h,body:JSON.stringify(body)});}
// The first call of a session goes through XMLHttpRequest, as Outlook's boot code does; later ones use fetch.
(function(){var x=new XMLHttpRequest();x.open('POST','/owa/service.svc?action=GetOwaUserConfiguration&app=Mail');for(var k in HEADERS)x.setRequestHeader(k,k==='action'?'GetOwaUserConfiguration':HEADERS[k]);x.send('{}');})();
var main=document.querySelector('[role=main]');
var list=el('div',R?{class:'Mlst2'}:{id:'MailList',tabindex:'-1'});
var lb=el('div',{role:'listbox','aria-label':'Message list'});list.appendChild(lb);
var pane=el('div',R?{class:'RpC9x'}:{id:'ReadingPaneContainerId'});
main.append(list,pane);
function rows(sel){lb.replaceChildren();DATA.convs.forEach(function(c){var last=c.messages[c.messages.length-1];
  var r=el('div',R?{role:'option','data-cid':c.id,'aria-selected':String(c.id===sel),tabindex:'0',class:'jGG6V'}:{role:'option','data-convid':c.id,'aria-selected':String(c.id===sel),tabindex:'0',class:'jGG6V'},[el('div',{class:'zU94Ic',text:last.fromName}),el('div',{text:c.subject}),el('div',{class:'TtcXM',text:(last.display||'').slice(0,80)})]);
  r.addEventListener('click',function(){go(base+'inbox/id/'+encodeURIComponent(last.itemId))});lb.appendChild(r);});}
var base='/mail/0/';
function go(path){history.pushState({},'',path);route();}
function open(itemId){
  var c=DATA.convs.find(function(x){return x.messages.some(function(m){return m.itemId===itemId})});
  if(!c){rows(null);pane.replaceChildren(el('div',{class:'empty',text:'Select an item to read'}));return;}
  rows(c.id);
  svc('GetConversationItems',{Body:{Conversations:[{ConversationId:{Id:c.id}}]}});
  var msgs=el('div',{class:'aVla3'});
  c.messages.forEach(function(m){
    var doc=el('div',R?{class:'Xb9q','aria-label':'Message body'}:{role:'document','aria-label':'Message body',class:'XbIp4 allowTextSelection',tabindex:'0'});
    if(m.displayHtml){doc.innerHTML=policy.createHTML(m.displayHtml);}else{doc.textContent=m.display;}
    var bodyWrap=el('div',R?{class:'UqX1t'}:{'data-app-section':'MessageBody',class:'ulb23'},[doc]);
    var atts=null;
    if(m.attachments.length){atts=el('div',{role:'listbox','aria-label':'file attachments',class:'Yaq2E'});m.attachments.forEach(function(n){atts.appendChild(el('div',{role:'option',title:n,tabindex:'0',text:n}))});}
    var header=el('div',{class:'DgV2h'},[el('span',{class:'o4zjZ','aria-label':'From: '+m.fromName},[el('span',{class:'OZZZK',title:m.from,text:m.fromName})]),el('span',{class:'fP1Bl',text:m.date})]);
    var tools=el('div',{class:'tools'},[el('button',{type:'button','aria-label':'Reply',class:'ms-Button'},[document.createTextNode('Reply')]),el('button',{type:'button','aria-label':'Forward',class:'ms-Button'},[document.createTextNode('Forward')])]);
    msgs.appendChild(el('div',{'aria-expanded':'true',class:'BS0OK'},[el('div',{tabindex:'-1','aria-label':'Email message',class:'SlLx9'},[header,bodyWrap,atts,tools])]));
  });
  var conv=el('div',R?{class:'Q8TCC'}:{'data-app-section':'ConversationContainer',class:'Q8TCC'},[msgs]);
  var head=el('div',{role:'heading','aria-level':'2',class:'JdFsz',text:c.subject});
  pane.replaceChildren(el('div',R?{class:'MtujV full'}:{id:'ConversationReadingPaneContainer',class:'MtujV full',tabindex:'-1'},[head,conv]));
}
function route(){var m=/^\\/mail\\/0\\/[a-z]+\\/id\\/([^/]+)$/.exec(location.pathname);if(m)open(decodeURIComponent(m[1]));else{rows(null);pane.replaceChildren(el('div',{class:'empty',text:'Select an item to read'}));}}
window.addEventListener('popstate',route);route();
})();
</script></body></html>`;

  const json = (route: Route, status: number, body: unknown) => route.fulfill({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });
  const leakCheck = (url: string, headers: Record<string, string>) => {
    const carried = Object.values(headers).some((v) => v.includes(pageToken));
    if (carried && new URL(url).origin !== origin) stats.tokenLeaks.push(url);
  };
  context.on('request', (req) => leakCheck(req.url(), req.headers()));

  await context.route(new RegExp(`^${origin.replace(/\./g, '\\.')}/`), async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (url.pathname === '/' || url.pathname === '/mail' || url.pathname === '/mail/') return route.fulfill({ status: 302, headers: { location: `${base}inbox` } });
    const svc = /^\/owa\/(?:\d+\/)?service\.svc$/.exec(url.pathname);
    if (svc) {
      const action = url.searchParams.get('action') ?? '';
      if (req.method() !== 'POST' || req.headers().action !== action) return json(route, 400, { error: 'bad request' });
      if (req.headers().authorization !== authorization) {
        stats.unauthorized++;
        return route.fulfill({ status: 401, headers: { 'x-ms-diagnostics': '2000001;reason="invalid token"' }, body: '' });
      }
      let body: { Body?: { ItemShape?: { IncludeMimeContent?: boolean }; ItemIds?: { Id?: string }[]; Conversations?: { ConversationId?: { Id?: string } }[] } } = {};
      try {
        body = JSON.parse(req.postData() ?? '{}');
      } catch {
        return json(route, 400, { error: 'not json' });
      }
      if (action === 'GetOwaUserConfiguration') return json(route, 200, { SessionSettings: { UserEmailAddress: mailbox, UserDisplayName: 'Demo User' } });
      if (action === 'GetConversationItems') {
        stats.conversationItems++;
        const c = convs.find((x) => x.id === body.Body?.Conversations?.[0]?.ConversationId?.Id);
        if (!c) return json(route, 200, { Body: { ResponseMessages: { Items: [{ ResponseClass: 'Error', ResponseCode: 'ErrorItemNotFound' }] } } });
        return json(route, 200, {
          Body: { ResponseMessages: { Items: [{ ResponseClass: 'Success', ResponseCode: 'NoError', Conversation: { ConversationId: { Id: c.id }, ConversationNodes: c.messages.map((m) => ({ Items: [{ ItemId: { Id: m.itemId, ChangeKey: 'CQAAAA==' } }] })) } }] } },
        });
      }
      if (action === 'GetItem') {
        stats.getItem++;
        const m = byItem.get(body.Body?.ItemIds?.[0]?.Id ?? '');
        if (!m) return json(route, 200, { Body: { ResponseMessages: { Items: [{ ResponseClass: 'Error', ResponseCode: 'ErrorInvalidIdMalformed', MessageText: 'Id is malformed.' }] } } });
        if (!body.Body?.ItemShape?.IncludeMimeContent) return json(route, 200, { Body: { ResponseMessages: { Items: [{ ResponseClass: 'Success', Items: [{ ItemId: { Id: m.itemId }, Subject: m.subject }] }] } } });
        stats.getItemMime++;
        if (service === 'fails') return route.fulfill({ status: 500, body: '' });
        if (service === 'changed') return json(route, 200, { Body: { Responses: [{ Item: { Mime: Buffer.from(raws.get(m.key)!).toString('base64') } }] } });
        return json(route, 200, {
          Header: { ServerVersionInfo: { MajorVersion: 15, MinorVersion: 20 } },
          Body: { ResponseMessages: { Items: [{ __type: 'ItemInfoResponseMessage:#Exchange', ResponseClass: 'Success', ResponseCode: 'NoError', Items: [{ __type: 'Message:#Exchange', MimeContent: { CharacterSet: 'UTF-8', Value: Buffer.from(raws.get(m.key)!).toString('base64') }, ItemId: { Id: m.itemId } }] }] } },
        });
      }
      return json(route, 200, { Body: { ResponseMessages: { Items: [{ ResponseClass: 'Error', ResponseCode: 'ErrorInvalidRequest' }] } } });
    }
    if (/^\/mail\/0(?:\/|$)/.test(url.pathname)) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types owa-replica" }, body: appHtml });
    }
    return route.fulfill({ status: 404, body: 'not found' });
  });

  await context.route(/^https:\/\/graph\.microsoft\.com\//, async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    const bearer = (req.headers().authorization ?? '').replace(/^Bearer /, '');
    if (!opts.graphToken || bearer !== opts.graphToken) {
      stats.graphUnauthorized++;
      return json(route, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } });
    }
    const value = /^\/v1\.0\/me\/messages\/([A-Za-z0-9_-]+={0,2})\/\$value$/.exec(decodeURIComponent(url.pathname));
    if (req.method() === 'GET' && value) {
      stats.graphRead++;
      const m = messages.find((x) => toRest(x.itemId) === value[1]);
      if (!m) return json(route, 404, { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } });
      return route.fulfill({ status: 200, contentType: 'text/plain', body: Buffer.from(raws.get(m.key)!) });
    }
    if (req.method() === 'POST' && url.pathname === '/v1.0/me/sendMail') {
      const body = req.postDataBuffer() ?? Buffer.alloc(0);
      sends.push({ contentType: req.headers()['content-type'] ?? '', authorization: req.headers().authorization ?? '', body, raw: Buffer.from(body.toString('latin1'), 'base64') });
      const fail = sendFailures.shift();
      if (fail) return json(route, fail, { error: { code: fail === 429 ? 'ApplicationThrottled' : 'ErrorMock', message: `mock ${fail}` } });
      return route.fulfill({ status: 202, body: '' });
    }
    return json(route, 400, { error: { code: 'BadRequest', message: 'Unsupported in the replica.' } });
  });

  // Everything else on the network is blocked and recorded: the demo and tests stay offline. Other Outlook origins
  // and login.microsoftonline.com are left to their own handlers (another replica, the local sign-in server).
  await context.route(/^https?:\/\/(?!outlook\.live\.com\/|outlook\.office\.com\/|outlook\.office365\.com\/|graph\.microsoft\.com\/|login\.microsoftonline\.com\/)/, (route) => {
    stats.remote.push(route.request().url());
    return route.fulfill({ status: 404, body: '' });
  });

  return {
    index,
    messages,
    stats,
    sends,
    sendFailures,
    origin,
    pageToken,
    inboxUrl: `${base}inbox`,
    messageUrl: (key) => `${base}inbox/id/${encodeURIComponent(messages.find((m) => m.key === key)!.itemId)}`,
    raw: (key) => raws.get(key)!,
    restId: (key) => toRest(messages.find((m) => m.key === key)!.itemId),
    setService: (mode) => {
      service = mode;
    },
  };
}

function toRest(ewsId: string): string {
  return ewsId.replace(/\//g, '-').replace(/\+/g, '_');
}

// Hand-tryable: `npm start -- --site outlook` opens this replica's inbox; every message of the Gmail demo is here.
