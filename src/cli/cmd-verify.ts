// `smime verify FILE.eml [--trust CA.pem]... [--cert INTERMEDIATE.pem]... [--crl FILE]... [--check-revocation]
// [--require-revocation] [--json]`
import { verifyMessage } from '../crypto/smime/verify-message';
import { loadCertificates, loadCrls, readInput } from './cli-io';
import { createHttpFetcher } from '../shared/http-fetcher';
import { createOcspCheck } from '../crypto/revocation/ocsp-client';
import { isFullyGood, verdictJson, verdictSummary } from './format-verdict';
import { parseArgs, UsageError } from './parse-args';

export async function cmdVerify(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--trust', '--cert', '--at', '--crl'], ['--json', '--no-bundled-roots', '--check-revocation', '--require-revocation']);
  if (args.positional.length !== 1) throw new UsageError('verify takes one message file');
  const raw = readInput(args.positional[0]);
  if (raw.length === 0) throw new UsageError(`${args.positional[0]} is empty`);
  const at = args.flags.get('--at')?.[0];
  const now = at ? new Date(at) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new UsageError(`--at: not a date: ${at}`);
  const result = await verifyMessage(raw, {
    userRoots: (args.flags.get('--trust') ?? []).flatMap(loadCertificates),
    extraCertificates: (args.flags.get('--cert') ?? []).flatMap(loadCertificates),
    useBundledRoots: !args.switches.has('--no-bundled-roots'),
    now,
    revocation: {
      fileCrls: (args.flags.get('--crl') ?? []).flatMap(loadCrls),
      // Online only when asked: a CRL or OCSP fetch tells the CA which certificate is being looked at.
      fetcher: args.switches.has('--check-revocation') ? createHttpFetcher() : undefined,
      ocsp: createOcspCheck(),
      require: args.switches.has('--require-revocation'),
    },
  });
  process.stdout.write((args.switches.has('--json') ? verdictJson(result) : verdictSummary(result)) + '\n');
  return isFullyGood(result) ? 0 : 1;
}
