/**
 * The one argument parser of every subcommand (node:util parseArgs, strict), and the --help text generated from the
 * same option table, so an option cannot be parsed without being documented or documented without being parsed.
 */
import { parseArgs } from 'node:util';

/** One option: how parseArgs reads it, plus what --help says about it. */
export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  /** Placeholder of the value in --help (string options). */
  value?: string;
  help: string;
  /** Heading the option is listed under in --help. */
  group?: string;
}

export type OptionTable = Record<string, OptionSpec>;

/** A subcommand's command line: synopsis, description and option table. */
export interface CommandLine<O extends OptionTable> {
  name: string;
  /** Usage lines after `vigie <name> `. */
  synopsis: string[];
  description: string;
  options: O;
  /** Text after the options (exit codes, examples). */
  notes?: string;
}

/** A misuse of the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

const HELP = { type: 'boolean', short: 'h', help: 'this help' } as const satisfies OptionSpec;

type WithHelp<O extends OptionTable> = O & { help: typeof HELP };

/** The parsed command line. */
export type Parsed<O extends OptionTable> = ReturnType<typeof parseArgs<{ args: string[]; options: WithHelp<O>; allowPositionals: true; strict: true }>>;

/** Parses `args` strictly: unknown options, missing values and values that look like options are UsageErrors. */
export function parseCommandLine<O extends OptionTable>(command: CommandLine<O>, args: string[]): Parsed<O> {
  const options = { ...command.options, help: HELP } as WithHelp<O>;
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(readableParseError(error));
  }
}

/** The --help text of a subcommand, generated from its option table. */
export function usageText<O extends OptionTable>(command: CommandLine<O>): string {
  const [first = '', ...others] = command.synopsis;
  const lines = [`usage: vigie ${command.name} ${first}`, ...others.map((s) => `       vigie ${command.name} ${s}`), '', command.description, ''];
  // --help goes under the first heading, so a command with headings gets no heading of its own for it.
  const firstGroup = (Object.values(command.options) as OptionSpec[])[0]?.group;
  const entries = Object.entries({ ...command.options, help: { ...HELP, group: firstGroup } }) as [string, OptionSpec][];
  const label = ([name, spec]: [string, OptionSpec]): string =>
    `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
  const width = Math.max(...entries.map((e) => label(e).length)) + 2;
  const groups = [...new Set(entries.map(([, spec]) => spec.group ?? 'options'))];
  for (const group of groups) {
    lines.push(`${group}:`);
    for (const entry of entries.filter(([, spec]) => (spec.group ?? 'options') === group)) {
      const [first = '', ...more] = entry[1].help.split('\n');
      lines.push(`  ${label(entry).padEnd(width)}${first}`, ...more.map((m) => `  ${' '.repeat(width)}${m}`));
    }
    lines.push('');
  }
  if (command.notes) lines.push(command.notes.trimEnd(), '');
  return lines.join('\n');
}

/** Output streams of a subcommand. */
export interface CommandStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Reads a command line, or answers it: prints the usage for --help (exit code 0), or the error and the usage for a
 * misuse (exit code 2). `build` turns the parsed values into the command's options and throws UsageError on misuse.
 */
export function readCommandLine<O extends OptionTable, T>(
  command: CommandLine<O>,
  args: string[],
  streams: CommandStreams,
  build: (parsed: Parsed<O>) => T,
): { options: T } | { exitCode: number } {
  try {
    const parsed = parseCommandLine(command, args);
    if ((parsed.values as { help?: boolean }).help === true) {
      streams.stdout.write(usageText(command));
      return { exitCode: 0 };
    }
    return { options: build(parsed) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    streams.stderr.write(`vigie ${command.name}: ${error.message}\n\n${usageText(command)}`);
    return { exitCode: 2 };
  }
}

/** A whole number option within bounds; UsageError otherwise. */
export function integerOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got '${text}')`);
  return value;
}

/** parseArgs messages, shortened to what a user needs. */
function readableParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /Unknown option '([^']+)'/.exec(message)?.[1];
    return option ? `unknown option '${option}'` : message;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const quoted = /Option '([^']+)'/.exec(message)?.[1] ?? '';
    const option = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0];
    if (/argument missing/.test(message)) return `${option ?? 'an option'} needs a value`;
    if (/ambiguous/.test(message)) return `${option ?? 'an option'} needs a value (to give one that starts with '-', write ${option ?? '--option'}=-value)`;
    if (/does not take an argument/.test(message)) return `${option ?? 'an option'} takes no value`;
  }
  return message;
}
