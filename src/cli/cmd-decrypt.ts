// `smime decrypt FILE.eml --identity ID.p12 --password-file F [--json] [--trust CA.pem]...`
// Writes the decrypted MIME entity to stdout (or, with --json, a report of the envelope and signatures).
import { decryptMessage } from '../crypto/smime/decrypt-message';
import { loadCertificates, loadIdentity, readInput } from './cli-io';
import { verdictJson } from './format-verdict';
import { one, parseArgs, UsageError } from './parse-args';

export async function cmdDecrypt(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--identity', '--password-file', '--zip-password-file', '--trust'], ['--json']);
  if (args.positional.length !== 1) throw new UsageError('decrypt takes one message file');
  const idPath = one(args, '--identity');
  if (!idPath) throw new UsageError('decrypt needs --identity ID.p12');
  const raw = readInput(args.positional[0]);
  const identity = await loadIdentity(idPath, one(args, '--password-file'), one(args, '--zip-password-file'));
  try {
    const r = await decryptMessage(raw, [{ certificate: identity.certificate, privateKeyPkcs8: identity.privateKeyPkcs8 }], {
      userRoots: (args.flags.get('--trust') ?? []).flatMap(loadCertificates),
      extraCertificates: identity.chain,
    });
    if (!args.switches.has('--json')) {
      process.stdout.write(r.content);
      return 0;
    }
    const report = {
      envelope: r.envelope,
      integrityProtected: r.integrityProtected,
      coverage: r.coverage,
      from: r.from,
      innerSignature: r.innerSignature ? JSON.parse(verdictJson(r.innerSignature)) : undefined,
      outerSignature: r.outerSignature ? JSON.parse(verdictJson(r.outerSignature)) : undefined,
      warnings: r.warnings,
      contentLength: r.content.length,
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  } finally {
    identity.privateKeyPkcs8.fill(0);
  }
}
