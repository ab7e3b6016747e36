import { describe, expect, it } from 'vitest';
import { parseCommandLine, usageText, UsageError, type CommandLine, type OptionTable } from '../../src/cli/arguments.ts';
import { runAuditWith } from '../../src/cli/audit.ts';
import { AUDIT_COMMAND } from '../../src/cli/audit/options.ts';
import { CLASSIFY_COMMAND, runClassify } from '../../src/cli/classify.ts';
import { LOOKUP_COMMAND, runLookup } from '../../src/cli/lookup.ts';
import { stubDns, testEnvironment } from '../fixtures/audit/audit-env.ts';

interface Captured {
  code: number;
  out: string;
  err: string;
}

type Runner = (args: string[]) => Promise<Captured>;

function captured(run: (args: string[], streams: { stdout: { write(t: string): unknown }; stderr: { write(t: string): unknown } }) => Promise<number>): Runner {
  return async (args) => {
    let out = '';
    let err = '';
    const code = await run(args, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } });
    return { code, out, err };
  };
}

const audit: Runner = async (args) => {
  const run = testEnvironment(stubDns({}));
  const code = await runAuditWith(args, run.env);
  return { code, out: run.stdout(), err: run.stderr() };
};

const COMMANDS: [CommandLine<OptionTable>, Runner, string[]][] = [
  [LOOKUP_COMMAND, captured(runLookup), ['192.0.2.1']],
  [CLASSIFY_COMMAND, captured(runClassify), ['--url', 'https://example.org/']],
  [AUDIT_COMMAND, audit, ['sites.txt']],
];

describe('one argument parser for every subcommand', () => {
  for (const [command, run, valid] of COMMANDS) {
    describe(`vigie ${command.name}`, () => {
      it('--help is generated from the option table: every option, its value and its help line', async () => {
        const help = await run(['--help']);
        expect(help.code).toBe(0);
        expect(help.err).toBe('');
        expect(help.out).toBe(usageText(command));
        expect(help.out.startsWith(`usage: vigie ${command.name} `)).toBe(true);
        expect(help.out.endsWith('\n')).toBe(true);
        for (const [name, spec] of Object.entries(command.options)) {
          expect(help.out).toContain(`--${name}${spec.type === 'string' ? ` ${spec.value}` : ''}`);
          expect(help.out).toContain(spec.help.split('\n')[0]);
        }
        expect(help.out).toContain('-h, --help');
        expect((await run(['-h'])).out).toBe(help.out);
      });

      it('rejects an unknown option with the usage and exit code 2', async () => {
        const bad = await run([...valid, '--frobnicate']);
        expect(bad.code).toBe(2);
        expect(bad.out).toBe('');
        expect(bad.err).toBe(`vigie ${command.name}: unknown option '--frobnicate'\n\n${usageText(command)}`);
      });

      it('rejects a string option without its value, at the end or followed by another option', async () => {
        for (const [name, spec] of Object.entries(command.options)) {
          if (spec.type !== 'string') continue;
          const last = await run([...valid, `--${name}`]);
          expect(last.code).toBe(2);
          expect(last.err).toMatch(new RegExp(`^vigie ${command.name}: --${name} needs a value`));
          expect(last.err).toContain(usageText(command));
          const followed = await run([`--${name}`, '--help']);
          expect(followed.code).toBe(2);
          expect(followed.err).toMatch(new RegExp(`--${name} needs a value`));
        }
      });

      it('rejects a value given to a flag', async () => {
        const flag = Object.entries(command.options).find(([, spec]) => spec.type === 'boolean')?.[0] ?? 'help';
        const bad = await run([...valid, `--${flag}=yes`]);
        expect(bad.code).toBe(2);
        expect(bad.err).toMatch(new RegExp(`--${flag} takes no value`));
      });
    });
  }

  it('parses strictly: positionals after --, repeated options, and a UsageError for misuse', () => {
    const parsed = parseCommandLine(AUDIT_COMMAND, ['list.txt', '--dns-server', '127.0.0.1:53', '--dns-server=::1', '--md']);
    expect(parsed.positionals).toEqual(['list.txt']);
    expect(parsed.values['dns-server']).toEqual(['127.0.0.1:53', '::1']);
    expect(parseCommandLine(LOOKUP_COMMAND, ['--json', '--', '-odd-name']).positionals).toEqual(['-odd-name']);
    expect(() => parseCommandLine(LOOKUP_COMMAND, ['--nope'])).toThrow(UsageError);
  });

  it('checks option values after parsing: audit bounds --max-page-bytes by what is ever parsed', async () => {
    const big = await audit(['sites.txt', '--max-page-bytes', String(64 << 20)]);
    expect(big.code).toBe(2);
    expect(big.err).toMatch(/--max-page-bytes must be a whole number from 1024 to 524288/);
    const none = await captured(runLookup)(['--json']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/give at least one IP address or host name/);
  });

  it('refuses a --dns-server that is not an address as misuse (exit 2, usage), not as unreadable data (1)', async () => {
    for (const server of ['dns.example', '1.1.1.1:99999', '1.1.1.1:0', '[1.1.1.1]:53', '']) {
      const run = await audit(['sites.txt', '--dns-server', server]);
      expect(run.code).toBe(2);
      expect(run.err).toContain(`--dns-server must be an IP address, ipv4:port or [ipv6]:port (got '${server}')`);
      expect(run.err).toMatch(/usage: vigie audit/);
    }
  });
});
