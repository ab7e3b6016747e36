/**
 * `vigie classify --json --url <url> [--html <file>]`: is this page health-related? Reads the page (HTML or plain
 * text) from --html or standard input and prints {"url", "health", "score", "reasons"}. Exit 0 unless the arguments
 * are unusable (2). Empty, binary or undecodable input falls back to the URL alone, with a reason.
 */
import { readFileSync } from 'node:fs';
import { stdin, stdout, stderr } from 'node:process';
import { classifyHealth } from '../core/health.ts';
import { signalsFromInput } from './html-signals.ts';

/** Inputs larger than this are cut: the classifier only reads the first few thousand characters anyway. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

const USAGE = `usage: vigie classify --url <url> [--html <file>] [--json]

Decides whether a page is health-related, offline, from its address and content.
  --url <url>    address of the page (required)
  --html <file>  page content (HTML or plain text); default: standard input (ignored when it is a terminal)
  --json         print {"url", "health", "score", "reasons"}
  --help         this help
`;

interface ClassifyArgs {
  url: string;
  htmlFile: string | null;
  json: boolean;
}

/** Runs `vigie classify`; returns the exit code. */
export async function runClassify(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    stdout.write(USAGE);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    stderr.write(`vigie classify: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = parsed.htmlFile !== null ? readFileSync(parsed.htmlFile) : await readStdin();
  } catch (error) {
    stderr.write(`vigie classify: cannot read ${parsed.htmlFile ?? 'standard input'}: ${(error as Error).message}\n`);
    return 2;
  }
  if (bytes.length > MAX_INPUT_BYTES) bytes = bytes.subarray(0, MAX_INPUT_BYTES);
  const { signals, notes } = signalsFromInput(bytes, parsed.url);
  const verdict = classifyHealth(signals);
  const reasons = [...verdict.reasons, ...notes];
  if (parsed.json) {
    stdout.write(`${JSON.stringify({ url: parsed.url, health: verdict.health, score: verdict.score, reasons })}\n`);
  } else {
    const lines = [
      `${parsed.url}`,
      `health-related: ${verdict.health ? 'yes' : 'no'} (score ${verdict.score})`,
      ...reasons.map((r) => `  - ${r}`),
    ];
    stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

function parseArgs(args: string[]): ClassifyArgs | string {
  let url: string | null = null;
  let htmlFile: string | null = null;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--url' || arg === '--html') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      if (arg === '--url') url = value;
      else htmlFile = value;
      i++;
    } else if (arg?.startsWith('--url=')) url = arg.slice('--url='.length);
    else if (arg?.startsWith('--html=')) htmlFile = arg.slice('--html='.length);
    else return `unknown argument '${arg}'`;
  }
  if (url === null || url.trim() === '') return '--url is required';
  if (!isUsableUrl(url)) return `'${url}' is not a usable http(s) address`;
  return { url, htmlFile, json };
}

function isUsableUrl(raw: string): boolean {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Reads all of standard input; a terminal counts as empty so the command never waits for typing. */
async function readStdin(): Promise<Uint8Array> {
  if (stdin.isTTY) return new Uint8Array(0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const buffer = chunk as Buffer;
    if (total < MAX_INPUT_BYTES) chunks.push(buffer);
    total += buffer.length;
  }
  return Buffer.concat(chunks);
}
