#!/usr/bin/env node
/**
 * `vigie`: the command line on the same core as the extension. One file per subcommand; each returns its exit code,
 * and the process exits only once standard output and error have been handed to the OS: a pipe that a slow reader
 * drains gets every byte (process.exit right after a large write would cut it at the pipe's 64 KiB).
 */
import process from 'node:process';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  lookup: { summary: 'identify the host of IPs or host names', load: async () => (await import('./lookup.ts')).runLookup },
  classify: { summary: 'decide whether a page is health-related', load: async () => (await import('./classify.ts')).runClassify },
  audit: { summary: 'check many sites at once', load: async () => (await import('./audit.ts')).runAudit },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: vigie <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nvigie <command> --help for its options.\n`;
}

/** Runs the command line; returns the exit code. */
async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`vigie: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    process.stderr.write(`vigie ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

/** Resolves once everything written so far to `stream` has been handed over (or the reader has gone). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

for (const stream of [process.stdout, process.stderr]) {
  // `vigie ... | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
const code = await main(process.argv.slice(2));
process.exitCode = code;
await Promise.all([drained(process.stdout), drained(process.stderr)]);
// Exit now rather than wait for work abandoned on Ctrl-C or a deadline (a DNS query, a parser thread) to wind down.
process.exit(code);
