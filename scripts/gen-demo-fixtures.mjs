// Generates the demo mailbox (certificates, a demo identity and S/MIME sample messages) with the real OpenSSL,
// so the Gmail replica, the e2e tests and `npm start` all show verdicts on mail that a real MUA could have sent.
// Usage: node scripts/gen-demo-fixtures.mjs [outDir]   (default: e2e/gmail/fixtures). Also importable.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Published on purpose: the demo identity protects nothing. */
export const DEMO_P12_PASSWORD = 'demo';
export const DEMO_ADDRESS = 'demo.user@example.com';

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return r.stdout;
}

const crlf = (s) => s.replace(/\r?\n/g, '\r\n');
const b64 = (buf) => Buffer.from(buf).toString('base64');
const wrap76 = (s) => s.replace(/(.{76})/g, '$1\r\n');
const mimeWord = (text, charset = 'UTF-8') => {
  const bytes = charset === 'ISO-2022-JP' ? sh('iconv', ['-f', 'UTF-8', '-t', 'ISO-2022-JP'], { input: text }) : Buffer.from(text);
  return `=?${charset}?B?${b64(bytes)}?=`;
};

/** Message ids in Gmail's shape: a decimal msg-f id (< 2^63) whose hex form is the legacy id. */
let nextId = 1790412345678901000n;
function newIds() {
  nextId += 7919n;
  return { decimal: nextId.toString(), hex: nextId.toString(16) };
}

export function generateDemoFixtures(outDir) {
  mkdirSync(outDir, { recursive: true });
  const w = mkdtempSync(join(tmpdir(), 'smime-demo-gen-'));
  const p = (n) => join(w, n);
  const ossl = (args, input) => sh('openssl', args, { cwd: w, input, env: { ...process.env, SAN: 'email:unused@example.invalid' } });
  try {
    // --- a tiny CA setup for `openssl ca` (needed for explicit start/end dates: the expired signer) ---
    const caConf = (name) => {
      mkdirSync(p(`${name}-db`), { recursive: true });
      writeFileSync(p(`${name}-db/index.txt`), '');
      writeFileSync(p(`${name}-db/serial`), `${(Math.floor(Math.random() * 1e6) + 4096).toString(16).padStart(6, '0')}\n`);
      writeFileSync(
        p(`${name}.cnf`),
        `[ ca ]\ndefault_ca = d\n[ d ]\ndir = ${p(`${name}-db`)}\ndatabase = $dir/index.txt\nserial = $dir/serial\nnew_certs_dir = $dir\n` +
          `certificate = ${p(`${name}.crt`)}\nprivate_key = ${p(`${name}.key`)}\ndefault_md = sha256\npolicy = pol\nunique_subject = no\ncopy_extensions = none\n` +
          `[ pol ]\ncommonName = supplied\nemailAddress = optional\norganizationName = optional\ncountryName = optional\n` +
          `[ smime ]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = emailProtection\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\nsubjectAltName = $ENV::SAN\n` +
          // Organization-validated under the CA/B Forum S/MIME BRs (legacy generation): the CA vouches for O.
          `[ smime_ov ]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = emailProtection\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\nsubjectAltName = $ENV::SAN\ncertificatePolicies = 2.23.140.1.5.2.1\n` +
          `[ req ]\ndistinguished_name = dn\nprompt = no\n[ dn ]\nCN = x\n[ v3ca ]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n`,
      );
    };
    const makeCa = (name, subj) => {
      caConf(name);
      ossl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '3650', '-subj', subj, '-config', `${name}.cnf`, '-extensions', 'v3ca']);
    };
    const makeLeaf = (ca, name, subj, email, dates, extensions = 'smime') => {
      ossl(['req', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
      const dateArgs = dates ? ['-startdate', dates[0], '-enddate', dates[1]] : ['-days', '3650'];
      sh('openssl', ['ca', '-batch', '-notext', '-utf8', '-config', `${ca}.cnf`, '-extensions', extensions, '-in', `${name}.csr`, '-out', `${name}.crt`, ...dateArgs], {
        cwd: w,
        env: { ...process.env, SAN: `email:${email}` },
      });
    };
    /** An issuing CA under `parent` (a different issuer name, same trusted root). */
    const makeSubCa = (parent, name, subj) => {
      caConf(name);
      ossl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
      sh('openssl', ['ca', '-batch', '-notext', '-config', `${parent}.cnf`, '-extensions', 'v3ca', '-in', `${name}.csr`, '-out', `${name}.crt`, '-days', '3650'], {
        cwd: w,
        env: { ...process.env, SAN: 'email:unused@example.invalid' },
      });
    };
    makeCa('demo-ca', '/O=S-MIME Webmail Demo/CN=Demo Root CA (not for real use)');
    makeSubCa('demo-ca', 'demo-issuing-2', '/O=S-MIME Webmail Demo/CN=Demo Issuing CA 2');
    makeCa('other-ca', '/O=Unknown Issuer Ltd/CN=Lookalike Root CA');
    makeLeaf('demo-ca', 'bank', '/O=Demo Bank/CN=Demo Bank Notices', 'notices@demo-bank.example');
    makeLeaf('demo-ca', 'colleague', '/O=Demo Corp/CN=Hanako Sato', 'hanako.sato@demo-corp.example');
    makeLeaf('demo-ca', 'me', '/O=Demo Corp/CN=Demo User', DEMO_ADDRESS);
    makeLeaf('demo-ca', 'eve', '/CN=Eve Mallory', 'eve@attacker.example');
    makeLeaf('demo-ca', 'stranger', '/CN=Someone Else', 'someone@example.org');
    makeLeaf('demo-ca', 'old-bank', '/O=Demo Bank/CN=Demo Bank Notices (2020)', 'notices@demo-bank.example', ['20200101000000Z', '20210101000000Z']);
    makeLeaf('other-ca', 'lookalike', '/O=Demo Bank/CN=Demo Bank Notices', 'notices@demo-bank.example');
    // A new certificate from another CA (trusted, under the same root) while the bank's is in force: "changed".
    makeLeaf('demo-issuing-2', 'new-bank', '/O=Demo Bank/CN=Demo Bank Notices (new key)', 'notices@demo-bank.example');
    // The bank's organization-validated certificate (a renewal by the same CA: not a change).
    makeLeaf('demo-ca', 'bank-ov', '/O=株式会社デモ銀行/CN=Demo Bank Notices', 'notices@demo-bank.example', undefined, 'smime_ov');
    // A look-alike bank with a perfectly valid certificate from the same trusted CA (mailbox-validated: anyone can).
    makeLeaf('demo-ca', 'dem0-bank', '/O=Demo Bank/CN=Demo Bank Notices', 'notices@dem0-bank.example');

    // Published demo identity (PKCS#12, OpenSSL 3 defaults: PBES2/PBKDF2 + AES-256-CBC, SHA-256 MAC).
    ossl(['pkcs12', '-export', '-inkey', 'me.key', '-in', 'me.crt', '-certfile', 'demo-ca.crt', '-name', 'Demo User', '-out', 'demo-identity.p12', '-passout', `pass:${DEMO_P12_PASSWORD}`]);

    const write = (name, data) => writeFileSync(join(outDir, name), data);
    write('demo-ca.crt', readFileSync(p('demo-ca.crt')));
    write('demo-identity.p12', readFileSync(p('demo-identity.p12')));
    write('demo-identity.crt', readFileSync(p('me.crt')));

    const date = (i) => new Date(Date.UTC(2026, 10, 20, 1 + i, 15, 0)).toUTCString().replace('GMT', '+0000');
    const messages = [];
    let n = 0;

    /** Signs a MIME entity (detached, multipart/signed) and returns the CRLF message with outer headers. */
    const signEntity = (entity, signer, extra = []) => {
      writeFileSync(p('entity.txt'), crlf(entity));
      const out = ossl(['cms', '-sign', '-in', 'entity.txt', '-signer', `${signer}.crt`, '-inkey', `${signer}.key`, '-md', 'sha256', '-crlfeol', ...extra]);
      return crlf(out.toString('latin1'));
    };
    const headers = (h) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n';
    const add = (meta, raw) => {
      const ids = newIds();
      const thread = meta.threadOf ? messages.find((m) => m.key === meta.threadOf).thread : { decimal: ids.decimal, hex: ids.hex };
      const file = `${meta.key}.eml`;
      write(file, Buffer.from(raw, 'latin1'));
      messages.push({ ...meta, file, id: ids.decimal, legacyId: ids.hex, thread, size: Buffer.byteLength(raw, 'latin1') });
    };
    const outer = (from, fromName, to, subject, i) =>
      headers({
        From: `${fromName} <${from}>`,
        To: `Demo User <${to}>`,
        Subject: subject,
        Date: date(i),
        'Message-ID': `<demo-${i}-${Date.now().toString(36)}@demo.example>`,
      });

    // 1. Bank notice, ISO-2022-JP, properly signed.
    const jpBody = '山田 太郎 様\n\nいつもデモ銀行をご利用いただきありがとうございます。\n11月分のお取引明細が確定しました。\nお振込金額: 10,000円\n振込先口座: 普通 1234567\n\nデモ銀行 お客様サポート\n';
    const jpBytes = sh('iconv', ['-f', 'UTF-8', '-t', 'ISO-2022-JP'], { input: jpBody }).toString('latin1');
    const jpEntity = `Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${crlf(jpBytes)}`;
    const jpSubject = '【デモ銀行】お取引明細のお知らせ';
    add(
      { key: 'bank-signed-jp', subject: jpSubject, fromName: 'デモ銀行', from: 'notices@demo-bank.example', display: jpBody, expect: 'signed' },
      outer('notices@demo-bank.example', mimeWord('デモ銀行', 'ISO-2022-JP'), DEMO_ADDRESS, mimeWord(jpSubject, 'ISO-2022-JP'), n++) + signEntity(jpEntity, 'bank'),
    );

    // 2. Tampered: signed by the bank, then the account number changed in transit.
    const txBody = 'Dear customer,\n\nYour transfer of EUR 1,250.00 to account DE02 1203 0000 0000 2020 51 has been scheduled.\n\nDemo Bank\n';
    const txSigned = signEntity(`Content-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(txBody)}`, 'bank');
    const tampered = txSigned.replace('DE02 1203 0000 0000 2020 51', 'DE89 3704 0044 0532 0130 00');
    if (tampered === txSigned) throw new Error('tamper edit did not apply');
    add(
      { key: 'tampered', subject: 'Transfer scheduled', fromName: 'Demo Bank', from: 'notices@demo-bank.example', display: txBody.replace('DE02 1203 0000 0000 2020 51', 'DE89 3704 0044 0532 0130 00'), expect: 'tampered' },
      outer('notices@demo-bank.example', 'Demo Bank', DEMO_ADDRESS, 'Transfer scheduled', n++) + tampered,
    );

    // 3. Fake smime.p7s: multipart/signed whose "signature" is a certificate, not a SignedData over this mail.
    const fakeBody = 'Your account is locked. Confirm your identity within 24 hours:\nhttps://demo-bank.example.login-check.invalid/\n';
    const boundary = '----=_fake_boundary_42';
    const fakeSig = b64(readFileSync(p('lookalike.crt')).toString().replace(/-----[^-]+-----|\s/g, ''));
    const fakeRaw =
      outer('security@demo-bank.example', 'Demo Bank Security', DEMO_ADDRESS, 'Urgent: confirm your account', n++) +
      `MIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="${boundary}"\r\n\r\n` +
      `--${boundary}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(fakeBody)}\r\n--${boundary}\r\n` +
      `Content-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="smime.p7s"\r\n\r\n` +
      `${wrap76(Buffer.from(fakeSig, 'base64').toString('base64'))}\r\n--${boundary}--\r\n`;
    add({ key: 'fake-p7s', subject: 'Urgent: confirm your account', fromName: 'Demo Bank Security', from: 'security@demo-bank.example', display: fakeBody, expect: 'fake-signature' }, fakeRaw);

    // 4. From mismatch: a valid signature by Eve, on a mail whose From claims to be the bank.
    const misBody = 'Please update your payment details using the attached form.\n\nDemo Bank\n';
    add(
      { key: 'from-mismatch', subject: 'Update your payment details', fromName: 'Demo Bank', from: 'notices@demo-bank.example', display: misBody, expect: 'sender-mismatch' },
      outer('notices@demo-bank.example', 'Demo Bank', DEMO_ADDRESS, 'Update your payment details', n++) + signEntity(`Content-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(misBody)}`, 'eve'),
    );

    // 5. Expired certificate (valid 2020 only).
    const oldBody = 'Your 2020 annual statement is attached.\n';
    add(
      { key: 'expired', subject: 'Annual statement 2020', fromName: 'Demo Bank', from: 'notices@demo-bank.example', display: oldBody, expect: 'expired' },
      outer('notices@demo-bank.example', 'Demo Bank', DEMO_ADDRESS, 'Annual statement 2020', n++) + signEntity(`Content-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(oldBody)}`, 'old-bank'),
    );

    // 6. Untrusted issuer: same name and address as the bank, certificate from an unknown CA.
    const lookBody = 'We have updated our terms and conditions.\n';
    add(
      { key: 'untrusted', subject: 'New terms and conditions', fromName: 'Demo Bank', from: 'notices@demo-bank.example', display: lookBody, expect: 'untrusted' },
      outer('notices@demo-bank.example', 'Demo Bank', DEMO_ADDRESS, 'New terms and conditions', n++) + signEntity(`Content-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(lookBody)}`, 'lookalike', ['-certfile', 'other-ca.crt']),
    );

    // 6b. A new, trusted certificate for the same address: after the bank's earlier mail, "certificate changed".
    const renewBody = 'Our notices are now signed with a new certificate.\n';
    add(
      { key: 'bank-new-certificate', subject: 'About our new certificate', fromName: 'Demo Bank', from: 'notices@demo-bank.example', display: renewBody, expect: 'certificate-changed' },
      outer('notices@demo-bank.example', 'Demo Bank', DEMO_ADDRESS, 'About our new certificate', n++) + signEntity(`Content-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(renewBody)}`, 'new-bank', ['-certfile', 'demo-issuing-2.crt']),
    );

    // 6c. An organization-validated bank notice: the CA vouches for 株式会社デモ銀行.
    const ovBody = 'お客様各位\n\n年末年始の窓口営業についてお知らせします。\n\n株式会社デモ銀行\n';
    add(
      { key: 'bank-ov-notice', subject: '年末年始の営業のお知らせ', fromName: 'デモ銀行', from: 'notices@demo-bank.example', display: ovBody, expect: 'signed' },
      outer('notices@demo-bank.example', mimeWord('デモ銀行'), DEMO_ADDRESS, mimeWord('年末年始の営業のお知らせ'), n++) +
        signEntity(`Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(b64(ovBody))}\r\n`, 'bank-ov'),
    );

    // 6d. A look-alike bank (digit 0 for o) signing with a valid certificate: a green tick would be wrong.
    const lookalikeBody = 'Your card has been suspended. Sign in within 24 hours to restore it:\nhttps://dem0-bank.example/restore\n\nDemo Bank\n';
    add(
      { key: 'lookalike-signed', subject: 'Card suspended', fromName: 'Demo Bank', from: 'notices@dem0-bank.example', display: lookalikeBody, expect: 'lookalike' },
      outer('notices@dem0-bank.example', 'Demo Bank', DEMO_ADDRESS, 'Card suspended', n++) + signEntity(`Content-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(lookalikeBody)}`, 'dem0-bank'),
    );

    // 6e. Unsigned mail from the bank's own address (spoofed): the bank always signs, so this one is suspicious.
    const strippedBody = 'Please confirm your PIN by replying to this mail.\n\nDemo Bank\n';
    add(
      { key: 'bank-unsigned', subject: 'Confirm your PIN', fromName: 'Demo Bank', from: 'notices@demo-bank.example', display: strippedBody, expect: 'signature-missing' },
      outer('notices@demo-bank.example', 'Demo Bank', DEMO_ADDRESS, 'Confirm your PIN', n++) + `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(strippedBody)}`,
    );

    // 7. Encrypted for the demo identity: signed by a colleague, then enveloped (AES-256-CBC); HTML with a cid: image,
    //    a remote image and an attachment.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAHklEQVR4nGP8z0AaYCJR/aiGUQ2jGkY1jGoYShoAS8ABH+4vfBMAAAAASUVORK5CYII=', 'base64');
    const innerB = '----=_inner_rel_7';
    const mixB = '----=_inner_mix_7';
    const html = '<html><body><h1 style="color:#1a5">Quarterly figures</h1><p>Hi, the numbers are below. <b>Confidential.</b></p>' +
      '<p><img alt="chart" src="cid:chart@demo"> <img alt="tracker" src="https://tracker.demo-remote.invalid/pixel.png?u=demo"></p>' +
      '<script>document.title="pwned"</script><p><a href="https://example.org/report">Full report</a></p></body></html>';
    const encInner =
      `Content-Type: multipart/mixed; boundary="${mixB}"\r\n\r\n--${mixB}\r\nContent-Type: multipart/related; boundary="${innerB}"\r\n\r\n` +
      `--${innerB}\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(b64(html))}\r\n` +
      `--${innerB}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <chart@demo>\r\n\r\n${wrap76(b64(png))}\r\n--${innerB}--\r\n` +
      `--${mixB}\r\nContent-Type: text/csv; name="figures.csv"\r\nContent-Disposition: attachment; filename="figures.csv"\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(b64('quarter,revenue\nQ3,1200\n'))}\r\n--${mixB}--\r\n`;
    const signedInner = signEntity(encInner, 'colleague');
    writeFileSync(p('to-encrypt.txt'), signedInner);
    const enveloped = (recipient, file) => {
      const out = ossl(['cms', '-encrypt', '-in', file, '-binary', '-aes256', '-crlfeol', `${recipient}.crt`]).toString('latin1');
      return crlf(out);
    };
    add(
      { key: 'encrypted-signed', subject: 'Q3 figures (encrypted)', fromName: 'Hanako Sato', from: 'hanako.sato@demo-corp.example', display: '', expect: 'encrypted' },
      outer('hanako.sato@demo-corp.example', 'Hanako Sato', DEMO_ADDRESS, 'Q3 figures (encrypted)', n++) + enveloped('me', 'to-encrypt.txt'),
    );

    // 8. Encrypted, not signed (CBC: not integrity-protected).
    writeFileSync(p('plain-enc.txt'), crlf('Content-Type: text/plain; charset=UTF-8\r\n\r\nThe door code is 4711. This message was encrypted but not signed.\r\n'));
    add(
      { key: 'encrypted-unsigned', subject: 'Door code', fromName: 'Hanako Sato', from: 'hanako.sato@demo-corp.example', display: '', expect: 'encrypted' },
      outer('hanako.sato@demo-corp.example', 'Hanako Sato', DEMO_ADDRESS, 'Door code', n++) + enveloped('me', 'plain-enc.txt'),
    );

    // 9. Encrypted for someone else.
    add(
      { key: 'not-for-you', subject: 'For someone else', fromName: 'Hanako Sato', from: 'hanako.sato@demo-corp.example', display: '', expect: 'not-for-you' },
      outer('hanako.sato@demo-corp.example', 'Hanako Sato', 'someone@example.org', 'For someone else', n++) + enveloped('stranger', 'plain-enc.txt'),
    );

    // 10. A 50 KB signed message (benchmark), signed by the bank.
    let big = '';
    for (let i = 0; big.length < 50 * 1024; i++) big += `Line ${i}: statement entry ${String(i * 37).padStart(8, '0')} EUR ${(i * 3.1).toFixed(2)}\n`;
    add(
      { key: 'large-signed', subject: 'Full statement (50 KB)', fromName: 'Demo Bank', from: 'notices@demo-bank.example', display: big.slice(0, 2000) + '…', expect: 'signed' },
      outer('notices@demo-bank.example', 'Demo Bank', DEMO_ADDRESS, 'Full statement (50 KB)', n++) + signEntity(`Content-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(big)}`, 'bank'),
    );

    // 11. Hostile CSS: properly signed, but its HTML tries to restyle everything on the page.
    const hostileHtml =
      '<style>* { visibility: hidden !important; color: red !important; font-size: 1px !important; background: red !important; } ' +
      'div[data-smime-webmail], [data-smime-webmail], .gs div, .gs > * { display: none !important; opacity: 0 !important; height: 0 !important; } ' +
      '.a3s, .a3s * { visibility: visible !important; font-size: 14px !important; background: none !important; }</style>' +
      '<p>This mail tries to hide or restyle every element on the page, including any verdict bar.</p>';
    const hostileEntity = `Content-Type: text/html; charset=UTF-8\r\n\r\n${hostileHtml}\r\n`;
    add(
      { key: 'hostile-css', subject: 'Styled newsletter', fromName: 'Demo Bank', from: 'notices@demo-bank.example', displayHtml: hostileHtml, display: '', expect: 'signed' },
      outer('notices@demo-bank.example', 'Demo Bank', DEMO_ADDRESS, 'Styled newsletter', n++) + signEntity(hostileEntity, 'bank'),
    );

    // 12. A plain mail (no S/MIME): must get no status bar, and in the same thread a signed reply.
    const plainBody = 'Lunch on Friday?\n';
    add(
      { key: 'plain', subject: 'Lunch', fromName: 'Hanako Sato', from: 'hanako.sato@demo-corp.example', display: plainBody, expect: 'none' },
      outer('hanako.sato@demo-corp.example', 'Hanako Sato', DEMO_ADDRESS, 'Lunch', n++) + `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(plainBody)}`,
    );
    const replyBody = 'Yes, 12:30 works. (signed reply)\n';
    add(
      { key: 'plain-reply-signed', threadOf: 'plain', subject: 'Re: Lunch', fromName: 'Hanako Sato', from: 'hanako.sato@demo-corp.example', display: replyBody, expect: 'signed' },
      outer('hanako.sato@demo-corp.example', 'Hanako Sato', DEMO_ADDRESS, 'Re: Lunch', n++) + signEntity(`Content-Type: text/plain; charset=UTF-8\r\n\r\n${crlf(replyBody)}`, 'colleague'),
    );

    const index = { generatedBy: 'scripts/gen-demo-fixtures.mjs', p12Password: DEMO_P12_PASSWORD, demoAddress: DEMO_ADDRESS, messages };
    write('index.json', JSON.stringify(index, null, 2) + '\n');
    return index;
  } finally {
    rmSync(w, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = resolve(process.argv[2] ?? join(here, '..', 'e2e', 'gmail', 'fixtures'));
  const idx = generateDemoFixtures(out);
  console.log(`Wrote ${idx.messages.length} messages, the demo CA and the demo identity (password "${DEMO_P12_PASSWORD}") to ${out}`);
}
