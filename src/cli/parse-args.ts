// A small, strict argument parser: unknown flags are errors (exit 2), repeated flags collect.

export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
  switches: Set<string>;
}

/** `valued` flags take the next argument; `switches` take none. Anything else starting with -- is an error. */
export function parseArgs(argv: string[], valued: string[], switches: string[]): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (valued.includes(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`${name} needs a value`);
        out.flags.set(name, [...(out.flags.get(name) ?? []), v]);
      } else if (switches.includes(name) && inline === undefined) {
        out.switches.add(name);
      } else {
        throw new UsageError(`unknown option ${name}`);
      }
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

export function one(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v && v.length > 1) throw new UsageError(`${name} given more than once`);
  return v?.[0];
}
