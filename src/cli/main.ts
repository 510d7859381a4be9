// Entry of the `smime` command: dispatches subcommands and maps failures to exit codes
// (0 success / fully valid, 1 a negative verdict or operation failure, 2 unusable input or arguments).
import { EngineError } from '../crypto/errors';
import { UsageError } from './parse-args';

const USAGE = `usage:
  smime verify FILE.eml [--trust CA.pem]... [--cert CERT.pem]... [--at ISO-DATE] [--json]
  smime sign FILE.eml --identity ID.p12 --password-file F [--opaque] [--digest SHA-256|SHA-384|SHA-512]
  smime decrypt FILE.eml --identity ID.p12 --password-file F [--json]
    (ID.p12 may also be a PEM key + certificate, or a ZIP of them; a ZIP locked with its own password
     needs --zip-password-file F as well)
  smime encrypt FILE.eml --to CERT.pem [--to CERT.pem]... [--cipher aes-256-cbc|aes-128-cbc|aes-256-gcm] [--oaep]
                [--sign-with ID.p12 --password-file F]
  smime inspect FILE [--password-file F]`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  verify: async () => (await import('./cmd-verify')).cmdVerify,
  sign: async () => (await import('./cmd-sign')).cmdSign,
  inspect: async () => (await import('./cmd-inspect')).cmdInspect,
  decrypt: async () => (await import('./cmd-decrypt')).cmdDecrypt,
  encrypt: async () => (await import('./cmd-encrypt')).cmdEncrypt,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`smime: unknown command "${name}" (smime --help lists the commands)\n`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`smime ${name}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof EngineError) {
      // Operation failures on usable input (not for this identity, tampered) are 1; unreadable input is 2.
      const unusable = e.code === 'malformed' || e.code === 'corrupt-file' || e.code === 'invalid-argument' || e.code === 'wrong-password' || e.code === 'too-large' || e.code === 'too-much-work';
      process.stderr.write(`smime ${name}: ${e.message.split('\n')[0]}\n`);
      return unusable && name !== 'decrypt' ? 2 : 1;
    }
    throw e;
  }
}
