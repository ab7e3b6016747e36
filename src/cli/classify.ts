/**
 * `vigie classify --json --url <url> [--html <file>]`: is this page health-related? Reads the page (HTML or plain
 * text) from --html or standard input and prints {"url", "health", "score", "reasons"}. Exit 0 unless the arguments
 * are unusable (2). Empty, binary or undecodable input falls back to the URL alone, with a reason; only the first
 * PAGE_PARSE_LIMIT_BYTES are parsed, within a deadline, and the reasons say so when the page was cut or stopped.
 */
import { open } from 'node:fs/promises';
import process from 'node:process';
import { classifyHealth } from '../core/health.ts';
import type { HealthVerdict } from '../core/types.ts';
import { readCommandLine, UsageError, type CommandLine, type CommandStreams, type OptionTable } from './arguments.ts';
import { PAGE_PARSE_LIMIT_BYTES, readPageBounded } from './page-reader.ts';

/** The option table of `vigie classify`: parsing and --help both come from it. */
export const CLASSIFY_COMMAND = {
  name: 'classify',
  synopsis: ['--url <url> [--html <file>] [--json]'],
  description: 'Decides whether a page is health-related, offline, from its address and content.',
  options: {
    url: { type: 'string', value: '<url>', help: 'address of the page (required)' },
    html: { type: 'string', value: '<file>', help: 'page content (HTML or plain text); default: standard input (ignored when it is a terminal)' },
    json: { type: 'boolean', help: 'print {"url", "health", "score", "reasons"}' },
  },
  notes: `A listed domain, then the page's schema.org type, decide before the model; "score" is the model's log-odds minus its
threshold (the model says health at 0 or above).
Only the first ${PAGE_PARSE_LIMIT_BYTES} bytes are parsed. Exit codes: 0 done, 2 usage error or unreadable input.`,
} as const satisfies CommandLine<OptionTable>;

interface ClassifyOptions {
  url: string;
  htmlFile: string | null;
  json: boolean;
}

/** Runs `vigie classify`; returns the exit code. */
export async function runClassify(args: string[], streams: CommandStreams = process): Promise<number> {
  const command = readCommandLine(CLASSIFY_COMMAND, args, streams, ({ values, positionals }): ClassifyOptions => {
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const url = values.url;
    if (url === undefined || url.trim() === '') throw new UsageError('--url is required');
    if (!isUsableUrl(url)) {
      throw new UsageError(`--url '${url}' is not a usable http(s) address: give a URL (https://www.example.fr/page) or a host name with a dot (www.example.fr)`);
    }
    return { url, htmlFile: values.html ?? null, json: values.json === true };
  });
  if ('exitCode' in command) return command.exitCode;
  const { url, htmlFile, json } = command.options;
  let input: { bytes: Uint8Array; cut: boolean };
  try {
    input = htmlFile !== null ? await readFilePrefix(htmlFile) : await readStdinPrefix();
  } catch (error) {
    streams.stderr.write(`vigie classify: cannot read ${htmlFile ?? 'standard input'}: ${(error as Error).message}\n`);
    return 2;
  }
  const reading = await readPageBounded(input.bytes, url, { cut: input.cut });
  const verdict = classifyHealth(reading.signals);
  const reasons = [...verdict.reasons, ...reading.notes];
  if (json) {
    streams.stdout.write(`${JSON.stringify({ url, health: verdict.health, score: verdict.score, reasons })}\n`);
  } else {
    const lines = [
      `${url}`,
      `health-related: ${verdict.health ? 'yes' : 'no'} (decided by ${decidedBy(verdict)})`,
      `model score: ${verdict.score} (${SCORE_MEANING})`,
      ...reasons.map((r) => `  - ${r}`),
    ];
    streams.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

/** What `score` is, in the text output and --help (JSON keeps the bare number: docs/health.md). */
const SCORE_MEANING = "the model's log-odds minus its threshold: the model says health at 0 or above";

/** What decided the verdict: a listed domain and a page's schema.org type come before the model (core/health-classifier.ts). */
function decidedBy(verdict: HealthVerdict): string {
  if (verdict.category !== undefined) return 'the domain list';
  if (verdict.reasonCodes?.some((code) => code.key === 'schema' || code.key === 'schemaOther')) return "the page's schema.org type";
  return 'the model';
}

/**
 * An http(s) URL with a host, or a bare host name with a dot (`www.example.fr/page`) or an IP literal. A bare word
 * ("notaurl") is refused: as http://notaurl/ it would be classified as a page nobody meant.
 */
function isUsableUrl(raw: string): boolean {
  const schemed = /^[a-z][a-z0-9+.-]*:/i.test(raw);
  if (!schemed && !/^(\[[0-9a-f:.]+\]|[^/?#\s]*\.[^/?#\s]*)(?:[/?#:]|$)/i.test(raw.trim())) return false;
  try {
    const url = new URL(schemed ? raw : `http://${raw}`);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** The first bytes of a file, one more than parsed so a longer file is known to be cut. */
async function readFilePrefix(path: string): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(PAGE_PARSE_LIMIT_BYTES + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0 || (filled += bytesRead) === buffer.length) break;
    }
    return { bytes: buffer.subarray(0, Math.min(filled, PAGE_PARSE_LIMIT_BYTES)), cut: filled > PAGE_PARSE_LIMIT_BYTES };
  } finally {
    await file.close();
  }
}

/**
 * The first bytes of standard input; a terminal counts as empty so nothing waits for typing. Reading stops once more
 * than is parsed has come (as `head` does): an endless or huge stream (`yes |`, a device) must not keep it running.
 */
async function readStdinPrefix(): Promise<{ bytes: Uint8Array; cut: boolean }> {
  if (process.stdin.isTTY) return { bytes: new Uint8Array(0), cut: false };
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    total += buffer.length;
    if (total > PAGE_PARSE_LIMIT_BYTES) break; // leaving the loop destroys the stream
  }
  return { bytes: Buffer.concat(chunks).subarray(0, PAGE_PARSE_LIMIT_BYTES), cut: total > PAGE_PARSE_LIMIT_BYTES };
}
