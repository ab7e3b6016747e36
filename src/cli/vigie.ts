#!/usr/bin/env node
/** `vigie`: the command line on the same core as the extension. One file per subcommand. */
import { argv, exit, stdout, stderr } from 'node:process';

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

const [name, ...rest] = argv.slice(2);
if (!name || name === '--help' || name === '-h') {
  stdout.write(usage());
  exit(name ? 0 : 2);
}
const command = COMMANDS[name];
if (!command) {
  stderr.write(`vigie: unknown command '${name}'\n\n${usage()}`);
  exit(2);
}
exit(await (await command.load())(rest));
