import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAsnTable } from '../../scripts/build-asn-table.ts';
import type { AuditRow } from '../../src/cli/audit/audit-row.ts';
import { startTestDnsServer, type TestDnsServer } from '../fixtures/audit/dns-server.ts';

// The real CLI in a child process, with the real node:dns resolver pointed at a DNS server on 127.0.0.1 that answers
// some names at once and sits on others, and a routing table compiled from an excerpt of the real one.
let dns: TestDnsServer;
let dir: string;

beforeAll(async () => {
  dns = await startTestDnsServer({
    'ameli.fr': { a: ['92.222.10.10'] },
    'www.doctolib.fr': { cname: 'www.doctolib.fr.cdn.cloudflare.net' },
    'www.doctolib.fr.cdn.cloudflare.net': { a: ['104.18.22.1'] },
    'www.scaleway-sante.fr': { a: ['163.172.5.5'] },
    // Answered only after the test's own time limit: the run can only end early through Ctrl-C.
    'lent-1.fr': { delayMs: 600_000, a: ['51.91.1.1'] },
    'lent-2.fr': { delayMs: 600_000, a: ['51.91.1.2'] },
  });
  dir = mkdtempSync(join(tmpdir(), 'vigie-audit-sigint-'));
  const excerpt = (name: string): string => readFileSync(new URL(`../fixtures/audit/${name}`, import.meta.url), 'utf8');
  const { bytes } = compileAsnTable(excerpt('asn-excerpt-ipv4.csv'), excerpt('asn-excerpt-ipv6.csv'), {
    source: '@ip-location-db/asn 2.3.2026061719 (excerpt)',
    dataDate: '2026-06-17',
    licence: 'CC BY 4.0',
  });
  writeFileSync(join(dir, 'asn-table.bin'), bytes);
});
afterAll(() => dns.close());

function runCli(args: string[]): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; interrupt: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/vigie.ts', 'audit', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { done, interrupt: () => child.kill('SIGINT') };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('vigie audit under Ctrl-C (real process, real resolver)', () => {
  it('stops at once on SIGINT, keeps and prints the finished sites, exits 130, and a rerun resumes', async () => {
    const list = join(dir, 'sites.txt');
    writeFileSync(list, 'ameli.fr\nlent-1.fr\nwww.doctolib.fr\nlent-2.fr\nwww.scaleway-sante.fr\n');
    const out = join(dir, 'results.jsonl');
    const common = ['--dns-server', dns.address, '--asn-table', join(dir, 'asn-table.bin'), '--out', out, '--json'];
    const lines = (): string[] => (existsSync(out) ? readFileSync(out, 'utf8').trimEnd().split('\n').filter(Boolean) : []);

    const first = runCli([list, ...common, '--timeout', '600000', '--concurrency', '5']);
    await until(() => lines().length === 3, 20_000);
    first.interrupt();
    const result = await first.done;
    expect(result.code).toBe(130);
    const printed = JSON.parse(result.stdout) as AuditRow[];
    expect(printed.map((r) => [r.site, r.provider?.id])).toEqual([
      ['ameli.fr', 'ovhcloud'],
      ['www.doctolib.fr', 'cloudflare'],
      ['www.scaleway-sante.fr', 'scaleway'],
    ]);
    expect(printed[1]?.cnames).toEqual(['www.doctolib.fr.cdn.cloudflare.net']);
    expect(result.stderr).toMatch(/interrupted: 3 sites \(3 checked now, 2 abandoned in flight\)/);
    expect(lines()).toHaveLength(3);

    // The rerun only asks about the two unfinished sites; a short timeout turns the slow ones into timeout rows.
    const before = dns.queries.length;
    const second = await runCli([list, ...common, '--timeout', '300', '--retries', '0']).done;
    expect(second.code).toBe(0);
    const asked = new Set(dns.queries.slice(before).map((q) => q.split(' ')[0]));
    expect([...asked].sort()).toEqual(['lent-1.fr', 'lent-2.fr']);
    const rows = JSON.parse(second.stdout) as AuditRow[];
    expect(rows.map((r) => [r.site, r.errorClass ?? 'ok'])).toEqual([
      ['ameli.fr', 'ok'],
      ['lent-1.fr', 'timeout'],
      ['www.doctolib.fr', 'ok'],
      ['lent-2.fr', 'timeout'],
      ['www.scaleway-sante.fr', 'ok'],
    ]);
    expect(lines()).toHaveLength(5);
  }, 60_000);
});
