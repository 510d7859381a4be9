// @vitest-environment jsdom
// No English in the Japanese UI: the verdict views (Details, "Open a message file", the popup's verdict) are
// rendered in jsdom with the real Japanese catalogue, for every engine status, warning code and real corpus
// verdict, and every text node is scanned for English words. Data (names, addresses, fingerprints) is marked
// class="data" and the engine's own English messages lang="en"; both are skipped, nothing else is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { createElement, render } from 'preact';
import type { SignatureStatus, SignerReport, TrustStatus, VerifyResult, WarningCode } from '../../src/crypto/types';
import { VerdictDetails } from '../../src/ui/verdict-details';
import { PopupVerdict } from '../../src/popup/popup-verdict';
import { FirstRunGuide } from '../../src/options/first-run-guide';
import { classifyVerify, makeVerdict, type VerdictKind } from '../../src/content/verdict';
import { corpusPath, hasCorpus, readCorpus } from '../helpers/corpus';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { useLocale } from '../helpers/i18n-stub';

/** Technical terms that stay in Latin letters in Japanese text, as Japanese mail programs write them. */
const ALLOWED = new Set(['.p12', '.pfx', '.zip', 'From', 'Sender', 'Cc', 'Bcc', 'S/MIME', 'MIME', 'smime.p7s', 'multipart/signed', 'opaque', 'MD5', 'SHA-1', 'SHA-256', 'Gmail', 'Outlook', 'OCSP', 'CRL']);

/** Names and addresses from the certificates of a result: data that sentences carry ("issued by X"). */
function dataOf(r?: VerifyResult): string[] {
  const out: string[] = [];
  for (const s of r?.signers ?? []) {
    for (const c of [s.certificate, ...s.chain]) {
      if (!c) continue;
      out.push(...c.emails, c.commonName ?? '');
      for (const dn of [c.subject, c.issuer]) for (const part of dn.split(/(?<!\\),/)) out.push(part.slice(part.indexOf('=') + 1).replace(/\\(.)/g, '$1'));
    }
  }
  return out.filter((x) => x.length > 1).sort((a, b) => b.length - a.length);
}

/** English words left in the text of `root`, outside data and marked-English elements. */
function englishIn(root: Element, data: string[] = []): string[] {
  const found: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (parent?.closest('.data, [lang="en"]')) continue;
    let text = n.textContent ?? '';
    for (const d of data) text = text.split(d).join(' ');
    for (const a of ALLOWED) text = text.split(a).join(' ');
    // Addresses and names passed into sentences are data too.
    text = text.replace(/[^\s<>（）()、「」]+@[^\s<>（）()、「」]+/g, ' ').replace(/Alice|Bob|Demo Bank Notices|Eve/g, ' ');
    for (const m of text.matchAll(/[A-Za-z][A-Za-z'’-]{2,}/g)) found.push(`${m[0]} ← "${(n.textContent ?? '').slice(0, 80)}"`);
  }
  return found;
}

const cert = {
  subject: 'CN=Alice,O=Example Org,C=JP',
  commonName: 'Alice',
  emails: ['alice@example.org'],
  issuer: 'CN=Example CA,O=Example Trust',
  serial: '0a1b',
  notBefore: '2020-01-01T00:00:00Z',
  notAfter: '2021-01-01T00:00:00Z',
  sha256: 'ab'.repeat(32),
  sha1: 'cd'.repeat(20),
  keyType: 'RSA 2048',
  isCA: false,
  selfSigned: false,
};
const signer: SignerReport = {
  status: 'valid',
  certificate: cert,
  signingTime: '2020-06-01T01:02:03Z',
  digestAlgorithm: 'SHA-256',
  signatureAlgorithm: 'RSA PKCS#1 v1.5',
  trust: 'trusted',
  trustReasons: ['no certificate path to a trusted root'],
  chain: [cert],
  revocation: 'unknown',
};
const base: VerifyResult = { signature: 'valid', trust: 'trusted', sender: 'match', coverage: 'full', form: 'multipart-signed', signers: [signer], warnings: [], from: ['alice@example.org'] };

const SIGNATURES: SignatureStatus[] = ['valid', 'invalid', 'malformed', 'signer-unknown', 'none'];
const TRUSTS: TrustStatus[] = ['trusted', 'untrusted', 'expired', 'not-yet-valid', 'revoked', 'wrong-usage', 'unknown'];
// A Record, so a new warning code fails to compile here until it is rendered in this test too.
const WARNING_CODES: Record<WarningCode, true> = { 'weak-digest': true, 'weak-key': true, 'duplicate-from': true, 'display-name-address': true, 'sender-header-mismatch': true, 'protected-from-differs': true, 'partial-coverage': true, 'visible-text-unsigned': true, 'signing-time-missing': true, 'signing-time-future': true, 'certificate-expired-now': true, 'revocation-unchecked': true, 'multiple-signers': true, 'nested-signature': true, 'not-integrity-protected': true, 'econtent-in-detached': true, 'orphan-signature': true, 'unknown-critical-extension': true, other: true };
const WARNINGS = Object.keys(WARNING_CODES) as WarningCode[];
const REASONS = ['Malformed ASN.1: 1129 trailing bytes after the outer element', 'message digest does not match the content', 'MD5 is broken; the signature is not accepted', 'something nobody foresaw'];

function synthetic(): VerifyResult[] {
  const out: VerifyResult[] = [];
  for (const signature of SIGNATURES) for (const reason of REASONS) out.push({ ...base, signature, reason, signers: [{ ...signer, status: signature === 'none' ? 'invalid' : signature === 'valid' ? 'valid' : signature, reason }] });
  for (const trust of TRUSTS) out.push({ ...base, trust, signers: [{ ...signer, trust }] }, { ...base, trust, signers: [{ ...signer, trust, certificate: { ...cert, selfSigned: true } }] });
  for (const sender of ['match', 'mismatch', 'unknown'] as const) for (const coverage of ['full', 'partial', 'none'] as const) out.push({ ...base, sender, coverage });
  out.push({ ...base, warnings: WARNINGS.map((code) => ({ code, message: `English text for ${code}` })) });
  out.push({ ...base, signers: [{ ...signer, revocation: 'good' }] }, { ...base, signers: [{ ...signer, revocation: 'revoked' }] });
  const check = { sha256: cert.sha256, status: 'unknown' as const, checked: true, source: 'network' as const };
  out.push({ ...base, signers: [{ ...signer, revocation: 'revoked', revocationChecks: [{ ...check, status: 'revoked', revokedAt: '2020-03-01T00:00:00Z' }] }] });
  for (const unknownCause of ['offline', 'no-source', 'unreachable', 'expired-data', 'bad-data', 'partial'] as const) {
    out.push({ ...base, signers: [{ ...signer, revocationChecks: [{ ...check, checked: unknownCause !== 'offline', unknownCause }] }] });
  }
  out.push({ ...base, signers: [{ ...signer, certificate: { ...cert, commonName: undefined, emails: [] } }] });
  out.push({ ...base, signature: 'none', signers: [], coverage: 'none', form: 'none' });
  for (const type of ['mailbox', 'organization', 'sponsor', 'individual', 'unknown'] as const) {
    out.push({ ...base, signers: [{ ...signer, validation: { type, ...(type === 'organization' || type === 'sponsor' ? { organization: 'Example Org' } : {}), ...(type === 'individual' || type === 'sponsor' ? { person: 'Alice' } : {}) } }] });
  }
  return out;
}

let restore = () => {};
beforeAll(() => {
  restore = useLocale('ja');
});
afterAll(() => restore());

function renderDetails(r: VerifyResult): HTMLElement {
  const host = document.createElement('div');
  render(createElement(VerdictDetails, { result: r }), host);
  return host;
}

describe('Japanese UI shows no English', () => {
  it('the scan finds English, and ignores data and marked English', () => {
    const host = document.createElement('div');
    host.innerHTML = '<p>署名は valid です</p><p class="data">CN=Alice</p><ul lang="en"><li>trailing bytes</li></ul>';
    expect(englishIn(host)).toEqual([expect.stringContaining('valid')]);
  });

  it('Details and "Open a message file" for every status, trust, sender, coverage, warning and reason', () => {
    const english = synthetic().flatMap((r) => englishIn(renderDetails(r), dataOf(r)));
    expect(english).toEqual([]);
  });

  it('data stays data: class="data" holds only the certificate and message values', () => {
    const host = renderDetails(base);
    const values = new Set([cert.subject, cert.issuer, cert.keyType, 'alice@example.org', 'Alice', 'Example CA, Example Trust', 'SHA-256, RSA PKCS#1 v1.5', signer.signingTime, '1. Alice']);
    for (const el of host.querySelectorAll('.data')) {
      const text = el.textContent ?? '';
      expect(values.has(text) || /^([0-9A-F]{2}:)*[0-9A-F]{2}$/.test(text), text).toBe(true);
    }
  });

  it('revocation is never a bare "unknown": it says not checked, or could not be, and why', () => {
    const texts = synthetic().map((r) => renderDetails(r).querySelector('[data-check="revocation"]')?.textContent ?? '');
    expect(texts.every((x) => x.length > 10 && !/unknown|不明/i.test(x))).toBe(true);
    const offline = renderDetails({ ...base, signers: [{ ...signer, revocationChecks: [{ sha256: 'x', status: 'unknown', checked: false, source: 'none', unknownCause: 'offline' }] }] });
    expect(offline.querySelector('[data-check="revocation"]')?.textContent).toContain('オンラインでの確認がオフ');
  });

  it('the first-run guide, before and after the first import', () => {
    for (const identityCount of [0, 1]) {
      const host = document.createElement('div');
      render(createElement(FirstRunGuide, { identityCount }), host);
      expect(host.querySelectorAll('li').length).toBe(3);
      expect(englishIn(host), String(identityCount)).toEqual([]);
    }
  });

  it('the popup verdict, in every verdict kind', () => {
    const kinds: VerdictKind[] = ['checking', 'signed', 'fake-signature', 'tampered', 'sender-mismatch', 'partial', 'attachment-signed', 'certificate-changed', 'sender-unknown', 'expired', 'untrusted', 'signer-unknown', 'encrypted', 'decrypting', 'not-for-you', 'locked', 'error', 'unavailable'];
    for (const kind of kinds) {
      const host = document.createElement('div');
      const v = kind === 'expired' ? classifyVerify({ ...base, trust: 'expired' }) : makeVerdict(kind, ['Alice <alice@example.org>', 'alice@example.org', 'alice@example.org']);
      render(createElement(PopupVerdict, { verdict: { kind: v.kind, tone: v.tone, messageName: v.messageName, substitutions: v.substitutions, count: 2 }, onDetails: () => {} }), host);
      expect(englishIn(host), kind).toEqual([]);
      expect(host.textContent).not.toMatch(/^\s*$/);
    }
  });

  it.skipIf(!hasCorpus)('Details for real verdicts of the shared corpus (real engine reasons)', async () => {
    const files: string[][] = [];
    for (const dir of [['thunderbird', 'tb-smime'], ['thunderbird', 'tb-browser-smime']]) {
      for (const f of readdirSync(corpusPath(...dir)).filter((x) => x.endsWith('.eml')).slice(0, 60)) files.push([...dir, f]);
    }
    for (const f of ['01-cms/c1-econtent-confusion', '02-multiple-signers', '03-mime/m4-hiding-as-attachment']) {
      try {
        for (const x of readdirSync(corpusPath('johnny-fired', ...f.split('/'))).filter((y) => y.endsWith('.eml'))) files.push(['johnny-fired', ...f.split('/'), x]);
      } catch {
        // a folder the corpus does not have
      }
    }
    expect(files.length).toBeGreaterThan(20);
    const english: string[] = [];
    for (const f of files) {
      const r = await verifyMessage(readCorpus(...f), { now: new Date('2026-06-01T00:00:00Z') });
      english.push(...englishIn(renderDetails(r), dataOf(r)).map((e) => `${f.join('/')}: ${e}`));
    }
    expect(english).toEqual([]);
  }, 120_000);
});
