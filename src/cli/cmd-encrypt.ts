// `smime encrypt FILE.eml --to CERT.pem [--to CERT.pem]... [--cipher C] [--oaep] [--sign-with ID.p12 --password-file F]`
import { importPrivateKeyForSigning } from '../crypto/cms/import-signing-key';
import { encryptMessage } from '../crypto/smime/encrypt-message';
import type { ContentCipherName } from '../crypto/envelope/encrypt-envelope';
import { loadCertificates, loadIdentity, readInput } from './cli-io';
import { one, parseArgs, UsageError } from './parse-args';

const CIPHERS: ContentCipherName[] = ['aes-256-cbc', 'aes-128-cbc', 'aes-256-gcm', 'aes-128-gcm'];

export async function cmdEncrypt(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--to', '--cipher', '--sign-with', '--password-file', '--zip-password-file'], ['--oaep', '--opaque']);
  if (args.positional.length !== 1) throw new UsageError('encrypt takes one message file');
  const to = args.flags.get('--to') ?? [];
  if (to.length === 0) throw new UsageError('encrypt needs at least one --to CERT.pem');
  const cipher = one(args, '--cipher');
  if (cipher && !CIPHERS.includes(cipher as ContentCipherName)) throw new UsageError(`--cipher must be one of ${CIPHERS.join(', ')}`);
  const message = readInput(args.positional[0]);
  const recipients = to.flatMap(loadCertificates).map((certificate) => ({ certificate }));
  const signPath = one(args, '--sign-with');
  let signer;
  let senderCertificate: Uint8Array | undefined;
  if (signPath) {
    const identity = await loadIdentity(signPath, one(args, '--password-file'), one(args, '--zip-password-file'));
    const { key } = await importPrivateKeyForSigning(identity.privateKeyPkcs8);
    identity.privateKeyPkcs8.fill(0);
    signer = { certificate: identity.certificate, privateKey: key, chain: identity.chain };
    senderCertificate = identity.certificate;
  }
  const out = await encryptMessage(message, {
    recipients,
    senderCertificate,
    cipher: cipher as ContentCipherName | undefined,
    oaep: args.switches.has('--oaep') ? true : undefined,
    signer,
    opaqueSignature: args.switches.has('--opaque'),
  });
  process.stdout.write(out);
  return 0;
}
