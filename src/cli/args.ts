export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/** `--name value`, `--name=value`, `-k value`; names in `booleans` take no value. Repeats accumulate. */
export function parseArgs(argv: string[], known: { values: string[]; booleans?: string[]; aliases?: Record<string, string> }): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const booleans = new Set(known.booleans ?? []);
  const values = new Set(known.values);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [given, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2) as [string, string | undefined];
    const name = known.aliases?.[given] ?? given;
    if (booleans.has(name)) {
      flags.set(name, ['true']);
    } else if (values.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { positional, flags };
}

export function last(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

export function intFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = last(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return n;
}

export function numberFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = last(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, not "${raw}"`);
  return n;
}

export function choiceFlag<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const raw = last(args, name);
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not "${raw}"`);
  return raw as T;
}
