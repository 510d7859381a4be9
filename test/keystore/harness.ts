// Shared test setup: a fresh fake-indexeddb database per keystore, a hand-driven clock, and a fake engine
// whose "PKCS#12" and "messages" are small JSON documents, so keystore and router logic are tested
// without depending on the real engine's progress. Certificates are real (make-cert.ts).
import 'fake-indexeddb/auto';
import { EngineError } from '../../src/crypto/errors';
import { fromHex, toHex, utf8 } from '../../src/crypto/bytes';
import type { Identity, SignerReport, SmimeCapability, TrustStatus, VerifyResult } from '../../src/crypto/types';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import type { EnginePort } from '../../src/background/engine-port';
import { openKeystore, type Keystore } from '../../src/background/keystore/keystore';
import type { Clock } from '../../src/background/keystore/lock-state';
import { makeCert, type TestCert } from './make-cert';

export const TEST_ITERATIONS = 1_000; // tests only; production uses >= 600,000 (asserted separately)

let dbCounter = 0;
export function freshDbName(): string {
  return `test-keystore-${process.pid}-${++dbCounter}`;
}

export class FakeClock implements Clock {
  constructor(public t = Date.parse('2026-06-01T00:00:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export async function openTestKeystore(clock = new FakeClock(), dbName = freshDbName()): Promise<Keystore> {
  return openKeystore({ dbName, clock, pbkdf2Iterations: TEST_ITERATIONS, summarizeCertificate: (der) => summarizeCertificate(der) });
}

const json = (x: unknown) => utf8(JSON.stringify(x));
const parse = (b: Uint8Array): Record<string, unknown> => {
  try {
    return JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;
  } catch {
    throw new EngineError('corrupt-file', 'not a fake file');
  }
};

/** A fake .p12: the identity and its password as JSON. */
export function fakeP12(cert: TestCert, password: string, chain: Uint8Array[] = []): Uint8Array {
  return json({ password, cert: toHex(cert.der), key: toHex(cert.pkcs8), chain: chain.map(toHex) });
}

export interface FakeSigner {
  cert: TestCert;
  status?: SignerReport['status'];
  trust?: TrustStatus;
  capabilities?: SmimeCapability[];
}

/** A fake signed message: what the fake verifier will report. */
export function fakeSignedMessage(signature: VerifyResult['signature'], signers: FakeSigner[]): Uint8Array {
  return json({
    kind: 'signed',
    signature,
    signers: signers.map((s) => ({
      cert: toHex(s.cert.der),
      status: s.status ?? (signature === 'valid' ? 'valid' : 'invalid'),
      trust: s.trust ?? 'trusted',
      capabilities: s.capabilities,
    })),
  });
}

/** A fake enveloped message for one recipient: decrypts only with that certificate AND its private key. */
export function fakeEncryptedMessage(recipient: TestCert, content: string): Uint8Array {
  return json({ kind: 'enveloped', cert: toHex(recipient.der), key: toHex(recipient.pkcs8), content });
}

export interface FakeEngineLog {
  keysSeen: Uint8Array[]; // references to the private-key buffers handed to the engine (to check zeroing)
}

export function fakeEngine(log: FakeEngineLog = { keysSeen: [] }): EnginePort & { log: FakeEngineLog } {
  const verify = async (message: Uint8Array): Promise<VerifyResult> => {
    const m = parse(message);
    if (m.kind !== 'signed') throw new EngineError('malformed', 'not signed');
    const signers = (m.signers as Array<{ cert: string; status: SignerReport['status']; trust: TrustStatus; capabilities?: SmimeCapability[] }>).map(
      (s): SignerReport => ({
        status: s.status,
        certificateDer: fromHex(s.cert),
        digestAlgorithm: 'SHA-256',
        signatureAlgorithm: 'ECDSA P-256',
        smimeCapabilities: s.capabilities,
        trust: s.trust,
        trustReasons: [],
        chain: [],
        revocation: 'unknown',
      }),
    );
    return {
      signature: m.signature as VerifyResult['signature'],
      trust: signers[0]?.trust ?? 'unknown',
      sender: 'match',
      coverage: 'full',
      form: 'multipart-signed',
      signers,
      warnings: [],
      from: [],
    };
  };
  return {
    log,
    async openIdentityFile(bytes, fileName, { password }) {
      const f = parse(bytes);
      if (f.password !== password) throw new EngineError('wrong-password', 'The password is not correct.');
      const identity: Identity = {
        certificate: fromHex(f.cert as string),
        chain: (f.chain as string[]).map(fromHex),
        privateKeyPkcs8: fromHex(f.key as string),
        keyAlgorithm: 'EC-P256',
      };
      return [{ name: fileName, identities: [identity] }];
    },
    async writePkcs12(identity, password) {
      log.keysSeen.push(identity.privateKeyPkcs8);
      return json({ password, cert: toHex(identity.certificate), key: toHex(identity.privateKeyPkcs8), chain: identity.chain.map(toHex) });
    },
    summarizeCertificate: (der) => summarizeCertificate(der),
    certificateDer: (input) => input,
    encodePem: (der) => `-----BEGIN CERTIFICATE-----\n${btoa(String.fromCharCode(...der))}\n-----END CERTIFICATE-----\n`,
    verifyMessage: verify,
    async decryptMessage(message, identity) {
      log.keysSeen.push(identity.privateKeyPkcs8);
      const m = parse(message);
      if (m.kind !== 'enveloped') throw new EngineError('malformed', 'not enveloped');
      if (m.cert !== toHex(identity.certificate)) throw new EngineError('not-for-this-identity', 'not for this identity');
      if (m.key !== toHex(identity.privateKeyPkcs8)) throw new EngineError('auth-failed', 'wrong key bytes');
      return { content: utf8(m.content as string), integrityProtected: true, coverage: 'full', contentCipher: 'AES-256-GCM', warnings: [] };
    },
    async signMessage(mime, identity) {
      log.keysSeen.push(identity.privateKeyPkcs8);
      return json({ kind: 'signed-by', cert: toHex(identity.certificate), mime: new TextDecoder().decode(mime) });
    },
    async encryptMessage(mime, recipients, sender) {
      if (sender.signer) log.keysSeen.push(sender.signer.privateKeyPkcs8);
      return json({
        kind: 'encrypted-to',
        recipients: [...recipients.map((r) => toHex(r.certificate)), toHex(sender.certificate)],
        signedBy: sender.signer ? toHex(sender.signer.certificate) : null,
        mime: new TextDecoder().decode(mime),
      });
    },
  };
}

export async function cert(cn: string, emails: string[], notBefore: string, notAfter: string): Promise<TestCert> {
  return makeCert({ cn, emails, notBefore: new Date(notBefore), notAfter: new Date(notAfter) });
}

/** An Identity for direct keystore calls. */
export function identityOf(c: TestCert): Identity {
  return { certificate: c.der, chain: [], privateKeyPkcs8: c.pkcs8.slice(), keyAlgorithm: 'EC-P256' };
}
