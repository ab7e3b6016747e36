import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCsv, renderJson, renderTable } from '../../src/cli/audit/formats.ts';
import { jsonLine } from '../../src/cli/audit/formats.ts';
import { runClassify } from '../../src/cli/classify.ts';
import { loadIdentifyContext } from '../../src/cli/context.ts';
import { lookupOne } from '../../src/cli/lookup.ts';
import type { AuditRow } from '../../src/cli/audit/audit-row.ts';
import { renderReport } from '../fixtures/audit/markdown.ts';
import { SAMPLE_ROWS } from '../fixtures/audit/rows.ts';

// The real CLI writes into a real pipe whose other end is a second process that reads slowly: the CLI must not exit
// before the pipe has taken every byte (a process.exit right after a large write keeps only the first 64 KiB).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SLOW_READER = `
  const { writeSync, openSync } = require('node:fs');
  const out = openSync(process.argv[1], 'w');
  process.stdin.on('data', (chunk) => {
    writeSync(out, chunk);
    process.stdin.pause();
    setTimeout(() => process.stdin.resume(), 3);
  });
`;

let dir: string;

/** Runs vigie with its stdout piped into the slow reader; resolves with vigie's exit code and the bytes read. */
function throughSlowPipe(args: string[], input?: string): Promise<{ code: number | null; bytes: Buffer; stderr: string }> {
  const received = join(dir, `received-${Math.random().toString(36).slice(2)}`);
  const vigie = spawn(process.execPath, ['--import', 'tsx', 'src/cli/vigie.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const reader = spawn(process.execPath, ['-e', SLOW_READER, received], { stdio: [vigie.stdout, 'ignore', 'inherit'] });
  vigie.stdin.end(input ?? '');
  let stderr = '';
  vigie.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'exit', not 'close': this process never reads vigie's stdout (the reader does), so that stream never closes here.
  const vigieDone = new Promise<number | null>((resolve) => vigie.on('exit', resolve));
  const readerDone = new Promise<void>((resolve) => reader.on('close', () => resolve()));
  return Promise.all([vigieDone, readerDone]).then(([code]) => ({ code, bytes: readFileSync(received), stderr }));
}

/** 5,000 rows of varied, realistic content (long error messages make the table and report wide). */
function manyRows(): AuditRow[] {
  return Array.from({ length: 5_000 }, (_, i) => {
    const base = SAMPLE_ROWS[i % SAMPLE_ROWS.length] as AuditRow;
    return { ...base, site: `site-${i}.sante-exemple.fr`, input: `site-${i}.sante-exemple.fr`, host: `site-${i}.sante-exemple.fr` };
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-pipe-'));
  if (!existsSync(join(ROOT, 'generated/asn-table.bin'))) throw new Error('run npm run data:build first');
});

describe('whole output through a slow pipe', { timeout: 60_000 }, () => {
  it('lookup --json with 3,000 inputs: every byte arrives, exit code 0', async () => {
    const inputs = Array.from({ length: 3_000 }, (_, i) => `${[51, 104, 20, 92][i % 4]}.${(i >> 8) & 255}.${i & 255}.${1 + (i % 200)}`);
    const piped = await throughSlowPipe(['lookup', '--json', ...inputs]);
    expect(piped.code).toBe(0);
    expect(piped.bytes.length).toBeGreaterThan(1 << 20);
    const ctx = await loadIdentifyContext();
    const expected = await Promise.all(inputs.map((input) => lookupOne(input, ctx, { resolve4: never, resolve6: never, resolveCname: never }, new Date())));
    expect(piped.bytes.toString('utf8')).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('audit --from in every format (JSON, CSV, table, Markdown), 5,000 sites: every byte arrives', async () => {
    const rows = manyRows();
    const results = join(dir, 'results.jsonl');
    writeFileSync(results, rows.map(jsonLine).join(''));
    const expected: Record<string, string> = { '--json': renderJson(rows), '--csv': renderCsv(rows), '--table': renderTable(rows, 120) };
    const formats = ['--json', '--csv', '--table', '--md'];
    const runs = await Promise.all(formats.map((format) => throughSlowPipe(['audit', '--from', results, format])));
    formats.forEach((format, i) => {
      const piped = runs[i]!;
      expect(piped.code, `${format}: ${piped.stderr}`).toBe(0);
      const text = piped.bytes.toString('utf8');
      if (format !== '--md') {
        expect(text).toBe(expected[format]);
        return;
      }
      // The report's header carries today's date and the data dates: check that it is whole instead.
      const sites = renderReport(text.slice(text.indexOf('\n## Sites\n'), text.indexOf('\n## Errors\n'))).tables[0] ?? [];
      expect(sites).toHaveLength(rows.length + 1);
      expect(sites.at(-1)?.[0]).toBe(`site-${rows.length - 1}.sante-exemple.fr`);
      expect(text.endsWith("- Jurisdiction follows the provider's headquarters and parent group; it is not a legal opinion.\n")).toBe(true);
    });
    expect(runs.map((r) => r.bytes.length > 1 << 20)).toEqual([true, true, false, false]); // JSON and CSV above 1 MB
  });

  it('classify and --help also arrive whole', async () => {
    const page = `<html lang="fr"><head><title>Centre hospitalier</title></head><body><h1>Soins</h1></body></html>`;
    const piped = await throughSlowPipe(['classify', '--json', '--url', 'https://www.chu-exemple.fr/'], page);
    expect(piped.code).toBe(0);
    let out = '';
    await runClassify(['--json', '--url', 'https://www.chu-exemple.fr/'].concat(['--html', writeTemp('page.html', page)]), {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => true },
    });
    expect(piped.bytes.toString('utf8')).toBe(out);
    const help = await throughSlowPipe(['audit', '--help']);
    expect(help.code).toBe(0);
    expect(help.bytes.toString('utf8')).toMatch(/^usage: vigie audit[\s\S]*exit code 130\.[\s\S]*\n$/);
  });
});

function never(): Promise<string[]> {
  return Promise.reject(new Error('IP literals need no DNS'));
}

function writeTemp(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
