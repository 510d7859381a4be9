// `smime sign FILE.eml --identity ID.p12 --password-file F [--opaque]`: the signed message on stdout.
import { importPrivateKeyForSigning } from '../crypto/cms/import-signing-key';
import { signMessage } from '../crypto/smime/sign-message';
import { loadIdentity, readInput } from './cli-io';
import { one, parseArgs, UsageError } from './parse-args';

export async function cmdSign(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--identity', '--password-file', '--zip-password-file', '--digest'], ['--opaque']);
  if (args.positional.length !== 1) throw new UsageError('sign takes one message file');
  const idPath = one(args, '--identity');
  if (!idPath) throw new UsageError('sign needs --identity ID.p12');
  const digest = one(args, '--digest');
  if (digest && !['SHA-256', 'SHA-384', 'SHA-512'].includes(digest)) throw new UsageError('--digest must be SHA-256, SHA-384 or SHA-512');
  const message = readInput(args.positional[0]);
  const identity = await loadIdentity(idPath, one(args, '--password-file'), one(args, '--zip-password-file'));
  const { key } = await importPrivateKeyForSigning(identity.privateKeyPkcs8, digest ? { digest: digest as 'SHA-256' } : {});
  identity.privateKeyPkcs8.fill(0);
  const signed = await signMessage(message, { certificate: identity.certificate, privateKey: key, chain: identity.chain }, { opaque: args.switches.has('--opaque') });
  process.stdout.write(signed);
  return 0;
}
