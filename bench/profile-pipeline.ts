// Profiling helper (not part of `npm run bench`): replays each 10 MB message operation stage by stage with the
// engine's own functions, in the order the message-level API calls them, and prints the median time per stage.
// Usage: npx tsx bench/profile-pipeline.ts [MiB]
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { concatBytes, utf8 } from '../src/crypto/bytes';
import { canonicalizeCrlf } from '../src/crypto/mime/canonicalize-crlf';
import { parseMime } from '../src/crypto/mime/parse-mime';
import { decodeBody } from '../src/crypto/mime/decode-transfer-encoding';
import { buildEntity } from '../src/crypto/mime/build-mime';
import { splitMessageForSmime } from '../src/crypto/smime/prepare-content-entity';
import { signEntity } from '../src/crypto/smime/sign-message';
import { verifyMessage } from '../src/crypto/smime/verify-message';
import { locateSmimeParts } from '../src/crypto/smime/locate-signature';
import { signData } from '../src/crypto/cms/sign-data';
import { verifySignedData } from '../src/crypto/cms/verify-signed-data';
import { digestBytes } from '../src/crypto/cms/digest';
import { encryptEnvelope } from '../src/crypto/envelope/encrypt-envelope';
import { decryptEnvelope } from '../src/crypto/envelope/decrypt-envelope';
import { aesCbcEncrypt, aesCbcDecrypt } from '../src/crypto/primitives/aes-content';
import { base64EncodeToBytes } from '../src/crypto/base64';
import { importPrivateKeyForSigning } from '../src/crypto/cms/import-signing-key';
import { encryptMessage } from '../src/crypto/smime/encrypt-message';
import { signMessage } from '../src/crypto/smime/sign-message';
import { makeMessage } from './make-message';
import { createIdentity } from './setup-identity';
import { fmtMs, median, nowMs } from './stats';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const RUNS = 7;

type Stage = [label: string, run: () => Promise<unknown> | unknown];

async function report(title: string, stages: Stage[]): Promise<void> {
  const times: number[][] = stages.map(() => []);
  for (let r = 0; r <= RUNS; r++) {
    for (let s = 0; s < stages.length; s++) {
      gc();
      const t0 = nowMs();
      await stages[s][1]();
      if (r > 0) times[s].push(nowMs() - t0); // run 0 is the warm-up
    }
  }
  console.log(`\n${title}`);
  for (let s = 0; s < stages.length; s++) console.log(`${fmtMs(median(times[s])).padStart(8)} ms  ${stages[s][0]}`);
}

async function main(): Promise<void> {
  const mib = Number(process.argv[2] ?? 10);
  const id = createIdentity();
  try {
    const message = makeMessage(mib * 1024 * 1024);
    const { key } = await importPrivateKeyForSigning(id.keyPkcs8);
    const signer = { certificate: id.certDer, privateKey: key, chain: [id.caDer] };
    const { content, outerHeaders } = splitMessageForSmime(message);
    const now = new Date();

    // sign = split + signData + multipart/signed build + outer concat
    const der = await signData({ content, signer, detached: true });
    const signedEntity = await signEntity(content, signer);
    await report(`sign ${mib} MiB`, [
      ['whole signMessage', () => signMessage(message, signer)],
      ['  canonicalizeCrlf(message) (scan only: input is CRLF)', () => canonicalizeCrlf(message)],
      ['  splitMessageForSmime (scan + parse + copy of the entity)', () => splitMessageForSmime(message)],
      ['  signData (SHA-256 of content + RSA sign + self-check)', () => signData({ content, signer, detached: true })],
      ['    of which digestBytes SHA-256 (WebCrypto)', () => digestBytes('SHA-256', content)],
      ['  signEntity (signData + multipart/signed build: boundary scan + copy)', () => signEntity(content, signer)],
      ['  concatBytes(outer headers, entity) (final copy)', () => concatBytes(outerHeaders, utf8('MIME-Version: 1.0\r\n'), signedEntity)],
    ]);
    void der;

    // verify = canonicalize + parse + locate + verifySignedData (digest) + chain/summary
    const signed = await signMessage(message, signer);
    const root = parseMime(signed);
    const parts = locateSmimeParts(root);
    const [signedPart, sigPart] = parts.signed!.entity.children;
    await report(`verify ${mib} MiB`, [
      ['whole verifyMessage', () => verifyMessage(signed, { userRoots: [id.caDer], now })],
      ['  canonicalizeCrlf(signed) (scan only)', () => canonicalizeCrlf(signed)],
      ['  parseMime(signed)', () => parseMime(signed)],
      ['  verifySignedData (SHA-256 of content + RSA verify)', () => verifySignedData(decodeBody(sigPart), { detachedContent: signedPart.raw })],
      ['  parseMime(signed content) (hasNestedSignature)', () => parseMime(signedPart.raw, { maxDepth: 8, maxParts: 200 })],
    ]);

    // encrypt = split + AES + DER nesting + base64 MIME build + outer concat
    const cek = new Uint8Array(32);
    const iv = new Uint8Array(16);
    const ct = await aesCbcEncrypt(cek, iv, content);
    const env = await encryptEnvelope({ content, recipients: [{ certificate: id.certDer }] });
    const spec = { contentType: 'application/pkcs7-mime', params: { 'smime-type': 'enveloped-data', name: 'smime.p7m' }, body: env.der, transferEncoding: 'base64' as const };
    const entity = buildEntity(spec);
    await report(`encrypt ${mib} MiB`, [
      ['whole encryptMessage', () => encryptMessage(message, { recipients: [{ certificate: id.certDer }], cipher: 'aes-256-cbc' })],
      ['  splitMessageForSmime (scan + parse + copy of the entity)', () => splitMessageForSmime(message)],
      ['  encryptEnvelope (AES + RSA + DER)', () => encryptEnvelope({ content, recipients: [{ certificate: id.certDer }] })],
      ['    of which aesCbcEncrypt (WebCrypto)', () => aesCbcEncrypt(cek, iv, content)],
      ['    of which 5 nested DER tlv copies (est.: 5 x concatBytes of the ciphertext)', () => { for (let k = 0; k < 5; k++) concatBytes(Uint8Array.of(0x30, 0x84, 0, 0, 0, 0), ct); }],
      ['  buildEntity(application/pkcs7-mime, base64)', () => buildEntity(spec)],
      ['    of which base64EncodeToBytes 76-col', () => base64EncodeToBytes(env.der, { lineLength: 76 })],
      ['  concatBytes(outer headers, entity) (final copy)', () => concatBytes(outerHeaders, utf8('MIME-Version: 1.0\r\n'), entity)],
    ]);

    // decrypt = canonicalize + parse + base64 decode + RSA + AES + canonicalize content + inner verifyMessage
    const encrypted = await encryptMessage(message, { recipients: [{ certificate: id.certDer }], cipher: 'aes-256-cbc' });
    const encRoot = parseMime(encrypted);
    const envDer = decodeBody(encRoot);
    const keys = [{ certificate: id.certDer, privateKeyPkcs8: id.keyPkcs8 }];
    const plain = (await decryptEnvelope(envDer, keys)).content;
    await report(`decrypt ${mib} MiB`, [
      ['whole decryptMessage', async () => (await import('../src/crypto/smime/decrypt-message')).decryptMessage(encrypted, keys, { userRoots: [id.caDer], now })],
      ['  canonicalizeCrlf(encrypted) (scan only)', () => canonicalizeCrlf(encrypted)],
      ['  parseMime(encrypted)', () => parseMime(encrypted)],
      ['  decodeBody: base64Decode of the envelope', () => decodeBody(encRoot)],
      ['  decryptEnvelope (parse + RSA PKCS#1 v1.5 BigInt + AES)', () => decryptEnvelope(envDer, keys)],
      ['    of which aesCbcDecrypt (WebCrypto)', () => aesCbcDecrypt(cek, iv, ct)],
      ['  canonicalizeCrlf(plaintext) (scan only)', () => canonicalizeCrlf(plain)],
      ['  verifyMessage(plaintext) (inner-signature probe: scan + parse again)', () => verifyMessage(plain, { userRoots: [id.caDer], now })],
    ]);
  } finally {
    id.cleanup();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
