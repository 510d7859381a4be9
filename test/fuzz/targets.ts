// One fuzz target per engine entry point: what it calls, how its inputs are shaped (for the mutators), and its
// seeds: built-in ones made here (so a target always runs) plus, when present, files of the shared corpus.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { pemBlocks } from '../../src/crypto/base64';
import { utf8 } from '../../src/crypto/bytes';
import { derExplicit, derOctetString, derOid, derSequence, derSmallInt } from '../../src/crypto/asn1/der-writer';
import { OID } from '../../src/crypto/asn1/oids';
import { parseSignedData } from '../../src/crypto/cms/parse-signed-data';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';
import { parseEnvelope } from '../../src/crypto/envelope/parse-envelope';
import { decodeEncodedWords } from '../../src/crypto/mime/decode-header-words';
import { entityText } from '../../src/crypto/mime/decode-charset';
import { decodeBody } from '../../src/crypto/mime/decode-transfer-encoding';
import { parseAddressList } from '../../src/crypto/mime/parse-address';
import { getHeader, parseMime, type MimeEntity } from '../../src/crypto/mime/parse-mime';
import { openIdentityFile } from '../../src/crypto/pkcs12/open-identity-file';
import { decryptMessage } from '../../src/crypto/smime/decrypt-message';
import { encryptMessage } from '../../src/crypto/smime/encrypt-message';
import { signMessage } from '../../src/crypto/smime/sign-message';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { parseCertificate } from '../../src/crypto/x509/parse-certificate';
import { readExtensions } from '../../src/crypto/x509/read-extensions';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { makeCert } from '../keystore/make-cert';

export type InputKind = 'der' | 'mime' | 'bytes';

export interface FuzzTarget {
  name: string;
  kind: InputKind;
  /** Runs the entry point; returns the typed result (scanned for internal error text) or throws. */
  run(input: Uint8Array): Promise<unknown>;
}

export interface Seeds {
  builtIn: Uint8Array[];
  corpus: Uint8Array[];
}

// A fixed moment, so verdicts do not depend on today's date.
const NOW = new Date('2030-06-01T00:00:00Z');

interface Fixture {
  certificate: Uint8Array;
  pkcs8: Uint8Array;
  privateKey: CryptoKey;
  signed: Uint8Array;
  opaque: Uint8Array;
  encrypted: Uint8Array;
  pfx: Uint8Array;
}

let fixture: Promise<Fixture> | undefined;

/** One identity and messages made with the engine itself (cheap: no OpenSSL, no slow KDF). */
export function builtInFixture(): Promise<Fixture> {
  fixture ??= (async () => {
    const c = await makeCert({ cn: 'Fuzz', emails: ['fuzz@example.jp'], notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z') });
    const privateKey = await globalThis.crypto.subtle.importKey('pkcs8', c.pkcs8 as BufferSource, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const message = utf8(
      'From: Fuzz <fuzz@example.jp>\r\nTo: a@example.org\r\nSubject: =?utf-8?B?5pel5pys6Kqe?= test\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: multipart/mixed; boundary="m1"\r\n\r\n--m1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nh=C3=A9llo\r\n' +
        '--m1\r\nContent-Type: application/octet-stream; name="a.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n--m1--\r\n',
    );
    const signer = { certificate: c.der, privateKey };
    const signed = await signMessage(message, signer);
    const opaque = await signMessage(message, signer, { opaque: true });
    const encrypted = await encryptMessage(message, { recipients: [{ certificate: c.der }], cipher: 'aes-128-cbc' });
    // PKCS#12 without MAC or encryption: every mutant is parsed, none costs a key derivation.
    const bag = (oid: string, value: Uint8Array): Uint8Array => derSequence(derOid(oid), derExplicit(0, value));
    const data = (content: Uint8Array): Uint8Array => derSequence(derOid(OID.data), derExplicit(0, derOctetString(content)));
    const safe = derSequence(bag(OID.certBag, derSequence(derOid(OID.x509Certificate), derExplicit(0, derOctetString(c.der)))), bag(OID.keyBag, c.pkcs8));
    const pfx = derSequence(derSmallInt(3), data(derSequence(data(safe))));
    return { certificate: c.der, pkcs8: c.pkcs8, privateKey, signed, opaque, encrypted, pfx };
  })();
  return fixture;
}

function corpusDir(): string | undefined {
  const dir = process.env.SMIME_CORPUS ?? join(process.cwd(), '..', 'shared', 'corpus');
  return existsSync(join(dir, 'README.txt')) ? dir : undefined;
}

function corpusFiles(test: (name: string) => boolean, max = 200): Uint8Array[] {
  const dir = corpusDir();
  if (!dir) return [];
  const out: Uint8Array[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d).sort()) {
      if (out.length >= max) return;
      const p = join(d, f);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.size <= 1 << 20 && test(f)) out.push(new Uint8Array(readFileSync(p)));
    }
  };
  walk(dir);
  return out;
}

/** Seeds for a target; the corpus part is empty (with the reason printed once) when the corpus is absent. */
export async function seedsFor(name: string): Promise<Seeds> {
  const fx = await builtInFixture();
  const pemCert = utf8(`-----BEGIN CERTIFICATE-----\n${Buffer.from(fx.certificate).toString('base64')}\n-----END CERTIFICATE-----\n`);
  const cmsOf = (mail: Uint8Array): Uint8Array[] => {
    const root = parseMime(mail);
    const parts = root.children.length ? root.children : [root];
    return parts.filter((p) => /pkcs7/.test(p.contentType.mediaType)).map((p) => decodeBody(p));
  };
  const der = (f: string): boolean => /\.(der|crt|cer|p7s|p7m)$/i.test(f);
  switch (name) {
    case 'verify-message':
      return { builtIn: [fx.signed, fx.opaque], corpus: corpusFiles((f) => /\.eml$/i.test(f)) };
    case 'decrypt-message':
      return { builtIn: [fx.encrypted], corpus: corpusFiles((f) => /\.eml$/i.test(f)).filter((b) => /enveloped|pkcs7-mime/i.test(Buffer.from(b.subarray(0, 4096)).toString('latin1'))) };
    case 'mime-parse':
      return { builtIn: [fx.signed, fx.encrypted], corpus: corpusFiles((f) => /\.eml$/i.test(f)) };
    case 'cms-parse':
      return { builtIn: [...cmsOf(fx.signed), ...cmsOf(fx.opaque), ...cmsOf(fx.encrypted)], corpus: corpusFiles((f) => /\.(p7s|p7m|der)$/i.test(f)).concat(corpusFiles((f) => /\.eml$/i.test(f), 40).flatMap((m) => { try { return cmsOf(m); } catch { return []; } })) };
    case 'certificate':
      return { builtIn: [fx.certificate, pemCert], corpus: corpusFiles((f) => der(f) || /\.pem$/i.test(f)) };
    case 'pem':
      return { builtIn: [pemCert, utf8(`junk\n${Buffer.from(pemCert).toString('latin1')}-----BEGIN X-----\nAAAA\n-----END X-----\n`)], corpus: corpusFiles((f) => /\.(pem|key)$/i.test(f)) };
    case 'identity-file':
      return { builtIn: [fx.pfx, zipSync({ 'me.p12': fx.pfx, 'readme.txt': strToU8('hi') })], corpus: corpusFiles((f) => /\.(p12|pfx)$/i.test(f), 30) };
    default:
      throw new Error(`unknown fuzz target ${name}`);
  }
}

function exerciseMime(root: MimeEntity): void {
  const stack = [root];
  let seen = 0;
  while (stack.length && seen++ < 200) {
    const e = stack.pop()!;
    for (const h of e.headers.slice(0, 50)) decodeEncodedWords(h.value);
    const from = getHeader(e, 'from');
    if (from) parseAddressList(from);
    try {
      decodeBody(e);
      entityText(e);
    } catch (err) {
      if (!(err instanceof Error && err.name === 'EngineError')) throw err;
    }
    stack.push(...e.children);
  }
}

export const TARGETS: FuzzTarget[] = [
  { name: 'verify-message', kind: 'mime', run: (b) => verifyMessage(b, { now: NOW }) },
  {
    name: 'decrypt-message',
    kind: 'mime',
    run: async (b) => {
      const fx = await builtInFixture();
      return decryptMessage(b, [{ certificate: fx.certificate, privateKeyPkcs8: fx.pkcs8 }], { now: NOW });
    },
  },
  {
    name: 'mime-parse',
    kind: 'mime',
    run: async (b) => {
      const root = parseMime(b);
      exerciseMime(root);
      return root.children.length;
    },
  },
  {
    name: 'cms-parse',
    kind: 'der',
    run: async (b) => {
      let parsed: unknown;
      try {
        parsed = parseSignedData(b);
      } catch (e) {
        if (!(e instanceof Error && e.name === 'EngineError')) throw e;
        return parseEnvelope(b).recipients.length;
      }
      return [parsed !== undefined, (await verifySignedData(b, {})).status];
    },
  },
  {
    name: 'certificate',
    kind: 'der',
    run: async (b) => {
      const cert = parseCertificate(b);
      readExtensions(cert);
      return summarizeCertificate(b);
    },
  },
  { name: 'pem', kind: 'bytes', run: async (b) => pemBlocks(b).length },
  { name: 'identity-file', kind: 'der', run: (b) => openIdentityFile(b, 'fuzz.p12', { password: 'pw' }) },
];
