/**
 * `npm run bench -- audit`: throughput and memory of `vigie audit` on 10,000 synthetic sites. The resolver is injected
 * (no network): each name maps to a real public address from the routing table (OVHcloud, Scaleway, Cloudflare,
 * Fastly, AWS, Google, Azure ranges), so identification and assessment do their real work on the full table.
 * Prints sites per second (median of 3) and peak RSS; then the effect of --concurrency when DNS answers take 20 ms;
 * then `--page` parsing: an ordinary page in the bounded worker against inline, and a hostile page stopped at its deadline.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAuditWith } from '../src/cli/audit.ts';
import type { AuditEnvironment } from '../src/cli/audit/environment.ts';
import { catalogSources, coreSiteDeps, tableSource } from '../src/cli/audit/environment.ts';
import type { DnsClient } from '../src/cli/resolver.ts';
import { loadIdentifyContext, type CliIdentifyContext } from '../src/cli/context.ts';
import { signalsFromInput } from '../src/cli/html-signals.ts';
import { PAGE_PARSE_DEADLINE_MS, PAGE_PARSE_LIMIT_BYTES, readPageBounded } from '../src/cli/page-reader.ts';

/** First two octets of real announced ranges: OVH, OVH, Scaleway, Cloudflare, Fastly, AWS, Google, Azure. */
const PREFIXES = ['51.91', '92.222', '163.172', '104.18', '151.101', '52.95', '142.250', '20.33'];

function syntheticDns(latencyMs: number): DnsClient {
  const answer = <T>(value: T): Promise<T> => (latencyMs > 0 ? new Promise((resolve) => setTimeout(() => resolve(value), latencyMs)) : Promise.resolve(value));
  const noData = (): Promise<never> => {
    const error = Object.assign(new Error('no data'), { code: 'ENODATA' });
    return latencyMs > 0 ? new Promise((_, reject) => setTimeout(() => reject(error), latencyMs)) : Promise.reject(error);
  };
  return {
    resolve4: (name) => {
      const i = Number(/site-(\d+)\./.exec(name)?.[1] ?? 0);
      return answer([`${PREFIXES[i % PREFIXES.length]}.${(i >> 8) & 255}.${(i & 255) || 1}`]);
    },
    resolve6: () => noData(),
    resolveCname: () => noData(),
  };
}

function environment(ctx: CliIdentifyContext, dns: DnsClient): AuditEnvironment & { printed: () => number } {
  let printed = 0;
  return {
    siteDeps: async () => coreSiteDeps(ctx, { dns, fetcher: null }),
    dataSources: async () => [...tableSource(ctx), ...catalogSources()],
    stdout: { write: (text: string) => (printed += text.length) },
    stderr: { isTTY: false, write: () => true },
    interrupt: new AbortController().signal,
    clock: Date.now,
    printed: () => printed,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export default async function (): Promise<void> {
  let ctx: CliIdentifyContext;
  try {
    ctx = await loadIdentifyContext();
  } catch (error) {
    console.log(`skipped: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vigie-audit-bench-'));
  const list = (count: number): string => {
    const path = join(dir, `sites-${count}.txt`);
    writeFileSync(path, Array.from({ length: count }, (_, i) => `site-${i}.sante-exemple.fr`).join('\n'));
    return path;
  };
  const sites = 10_000;
  const input = list(sites);
  const rssBefore = process.memoryUsage().rss;
  console.log(`routing table ${ctx.table.meta.source} (${ctx.table.meta.dataDate}); RSS before runs ${mb(rssBefore)}`);

  for (const format of ['--json', '--md'] as const) {
    const rates: number[] = [];
    for (let run = 0; run < 3; run++) {
      const out = join(dir, `results-${format.slice(2)}-${run}.jsonl`);
      const env = environment(ctx, syntheticDns(0));
      const started = performance.now();
      const code = await runAuditWith([input, format, '--out', out, '--concurrency', '8'], env);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) throw new Error(`audit exited ${code}`);
      rates.push(sites / seconds);
      if (format === '--json' && run === 0) {
        // maxRSS is the process's high-water mark: right after the first run it is that run's peak.
        const peak = process.resourceUsage().maxRSS * 1024;
        console.log(`peak RSS after the first 10,000-site run: ${mb(peak)} (+${mb(peak - rssBefore)} over the loaded table and code)`);
      }
    }
    console.log(`${sites} sites, ${format}, --out, --concurrency 8, instant DNS: median ${median(rates).toFixed(0)} sites/s (runs: ${rates.map((r) => r.toFixed(0)).join(', ')})`);
  }
  console.log(`peak RSS after all six runs: ${mb(process.resourceUsage().maxRSS * 1024)}`);

  const latencyInput = list(2_000);
  for (const concurrency of [8, 64]) {
    const env = environment(ctx, syntheticDns(20));
    const started = performance.now();
    await runAuditWith([latencyInput, '--json', '--concurrency', String(concurrency)], env);
    const seconds = (performance.now() - started) / 1000;
    console.log(`2000 sites, 20 ms per DNS answer, --concurrency ${concurrency}: ${(2_000 / seconds).toFixed(0)} sites/s`);
  }
  rmSync(dir, { recursive: true, force: true });
  await pageReading();
}

/** `--page` parsing: the cost of the bounded worker on an ordinary page, and how soon a hostile one gives up. */
async function pageReading(): Promise<void> {
  const page = Buffer.from(`<html lang="fr"><head><title>Centre hospitalier</title></head><body><h1>Soins</h1>${'<p>Consultations et urgences.</p>'.repeat(600)}</body></html>`);
  await readPageBounded(page, 'https://www.chu-exemple.fr/'); // start the worker thread
  const inWorker: number[] = [];
  const inline: number[] = [];
  for (let run = 0; run < 21; run++) {
    let started = performance.now();
    await readPageBounded(page, 'https://www.chu-exemple.fr/');
    inWorker.push(performance.now() - started);
    started = performance.now();
    signalsFromInput(page, 'https://www.chu-exemple.fr/');
    inline.push(performance.now() - started);
  }
  const ratio = median(inWorker) / median(inline);
  console.log(`--page, ${page.length} B page: median ${median(inWorker).toFixed(1)} ms in the bounded worker, ${median(inline).toFixed(1)} ms parsed inline (ratio ${ratio.toFixed(2)}, 21 runs)`);
  const hostile = Buffer.from(`<html><body>${'<b>'.repeat(Math.floor(PAGE_PARSE_LIMIT_BYTES / 3))}`);
  const started = performance.now();
  const reading = await readPageBounded(hostile, 'https://hostile.example/');
  console.log(`--page, ${hostile.length} B of nested <b>: ${reading.parse} after ${((performance.now() - started) / 1000).toFixed(1)} s (deadline ${PAGE_PARSE_DEADLINE_MS / 1000} s)`);
}
