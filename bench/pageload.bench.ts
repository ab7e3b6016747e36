/**
 * Page-load overhead in real Chromium (issue 15): four persistent contexts side by side in one run, no extension /
 * Vigie / an extension whose only code is an empty onResponseStarted listener on all requests / the same limited to
 * main_frame + sub_frame, loading the same pages in alternating rounds: a heavy page (60 sub-resources) and a simple one
 * (3), each on a health site (recognised by its content, then by the site memory) and a non-health one. Medians and
 * ratios to no extension; the non-health pages once more with a health tab open in every context (Vigie's shared
 * sub-resource listener is then on, and other tabs' events reach its worker). With each load, the CPU time the browser's
 * threads spent (Linux /proc: the page's renderer main thread, the extension's service-worker thread, the browser's
 * UI thread, all of them) until `load` and in the 250 ms after it, a figure the other jobs on the machine move far
 * less than wall-clock time. Then the content script's own work, readPageSignals + classifyHealth bundled as in the
 * extension (vite/rolldown, IIFE) and run in a real page: a typical demo page and a ~2 MB page. `npm run bench -- pageload`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { findBinary } from '../test/e2e/harness.ts';
import { browserPid, cpuSpent, sampleCpu } from './fixtures/process-cpu.ts';
import { startDemoServer } from '../demo/server.ts';
import { DEMO_SITES } from '../demo/sites.ts';

const ROOT = resolve(import.meta.dirname, '..');
/**
 * A narrower run while working: `PAGELOAD_ROUNDS`, and `PAGELOAD_CASES`, case names separated by `|` (e.g.
 * "simple, not health"), which also skips the demo pages and the content-script timing.
 */
const ROUNDS = Number(process.env.PAGELOAD_ROUNDS) || 20;
const CASE_FILTER = process.env.PAGELOAD_CASES?.split('|').map((w) => w.trim()).filter(Boolean) ?? [];
/** After `load`, the CPU of the extension's remaining work (content script, its message) is counted this long. */
const SETTLE_MS = 250;
/** CPU figures printed per navigation: what the threads spent, in ms. */
const CPU_KEYS = [
  ['total', 'all threads'],
  ['renderer/main', 'page renderer main'],
  ['extension/service-worker', 'extension worker'],
  ['browser/main', 'browser UI'],
] as const;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

/** The bench's own sites: a health one (a clinic's words) and a non-health one, each with a heavy and a simple page. */
const BENCH_HOSTS = { health: 'clinique-bench.test', other: 'boutique-bench.test' } as const;
const HEALTH_BODY =
  '<title>Clinique Bench — consultations, médecin, rendez-vous médical</title><meta name="description" content="Clinique : consultations médicales, hospitalisation, urgences, radiologie, patients.">' +
  '<script type="application/ld+json">{"@context":"https://schema.org","@type":"MedicalClinic","name":"Clinique Bench"}</script>' +
  '<h1>Prendre rendez-vous avec un médecin</h1><p>Patients, médecins et soignants : consultations, hospitalisation, chirurgie, maternité, urgences, radiologie, laboratoire.</p>';
const OTHER_BODY = '<title>Boutique Bench — chaussures et sacs</title><h1>Nouvelle collection</h1><p>Chaussures, sacs et accessoires, livraison offerte.</p>';

function page(host: 'health' | 'other', resources: number, port: number): string {
  const body = host === 'health' ? HEALTH_BODY : OTHER_BODY;
  const third = `http://cdn-bench.test:${port}`;
  const items = Array.from({ length: resources }, (_, i) => (i % 3 === 0 ? `<img src="${third}/i${i}.gif">` : `<img src="/i${i}.gif">`)).join('');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">${body}</head><body>${items}</body></html>`;
}

async function startBenchServer(): Promise<{ server: Server; port: number }> {
  const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
  let port = 0;
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.endsWith('.gif')) {
      res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
      return void res.end(pixel);
    }
    const kind = host === BENCH_HOSTS.health ? 'health' : 'other';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page(kind, path === '/heavy' ? 60 : 3, port));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  return { server, port };
}

/** An unpacked extension whose only code is an empty onResponseStarted listener (all requests, or frames only). */
function emptyListenerExtension(framesOnly: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-empty-listener-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'empty listener', version: '1.0', permissions: ['webRequest'], host_permissions: ['<all_urls>'], background: { service_worker: 'sw.js' } }),
  );
  const types = framesOnly ? ", types: ['main_frame', 'sub_frame']" : '';
  writeFileSync(join(dir, 'sw.js'), `chrome.webRequest.onResponseStarted.addListener(() => {}, { urls: ['<all_urls>']${types} }, ['responseHeaders']);`);
  return dir;
}

type Variant = 'none' | 'vigie' | 'all-requests' | 'frames' | 'baseline';

async function context(extension: string | null, hosts: string[]): Promise<{ ctx: BrowserContext; profile: string; pid: number | undefined }> {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-pageload-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: findBinary('CHROME_PATH', ['chromium', 'chromium-browser', 'google-chrome']),
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
      ...(extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`] : ['--disable-extensions']),
    ],
  });
  if (extension) await (ctx.serviceWorkers()[0] ? Promise.resolve() : ctx.waitForEvent('serviceworker'));
  await ctx.addInitScript('globalThis.__name = (f) => f');
  return { ctx, profile, pid: browserPid(profile) };
}

/** readPageSignals + classifyHealth as one IIFE exposing `__vigieSignals(url)` -> ms, built from the real sources. */
export async function contentLogicBundle(): Promise<string> {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: join(import.meta.dirname, 'fixtures', 'content-cost-entry.ts'), formats: ['iife'], name: 'VigieContentCost' },
    },
  })) as { output: { code?: string }[] }[] | { output: { code?: string }[] };
  const first = Array.isArray(out) ? out[0]! : out;
  return first.output[0]!.code!;
}

export default async function (): Promise<void> {
  const server = await startDemoServer();
  const bench = await startBenchServer();
  const hosts = [...DEMO_SITES.map((s) => s.host), BENCH_HOSTS.health, BENCH_HOSTS.other, 'cdn-bench.test'];
  const allRequests = emptyListenerExtension(false);
  const framesOnly = emptyListenerExtension(true);
  // VIGIE_DIST: another build of Vigie in place of dist/. VIGIE_BASELINE_DIST: a fifth context, an earlier build of
  // Vigie (e.g. the commit before a change), loaded in the same rounds so that before and after share the machine's load.
  const baseline = process.env.VIGIE_BASELINE_DIST;
  const variants: Variant[] = ['none', 'vigie', 'all-requests', 'frames', ...(baseline ? (['baseline'] as const) : [])];
  const extensionOf: Record<Variant, string | null> = { none: null, vigie: process.env.VIGIE_DIST ?? join(ROOT, 'dist'), 'all-requests': allRequests, frames: framesOnly, baseline: baseline ?? null };
  const contexts = {} as Record<Variant, { ctx: BrowserContext; profile: string; pid: number | undefined }>;
  for (const v of variants) contexts[v] = await context(extensionOf[v], hosts);
  const without = contexts.none;
  try {
    const load = async (ctx: BrowserContext, url: string) => (await measuredLoad({ ctx, pid: undefined }, url)).elapsed;
    /** One load in a new tab: wall-clock time to `load`, and CPU until then and in the SETTLE_MS after. */
    const measuredLoad = async (c: { ctx: BrowserContext; pid: number | undefined }, url: string) => {
      const tab = await c.ctx.newPage();
      const before = c.pid ? sampleCpu(c.pid) : undefined;
      const started = performance.now();
      await tab.goto(url, { waitUntil: 'load' });
      const elapsed = performance.now() - started;
      let cpu: { load: Map<string, number>; after: Map<string, number> } | undefined;
      if (c.pid && before) {
        const loaded = sampleCpu(c.pid);
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        cpu = { load: cpuSpent(before, loaded), after: cpuSpent(loaded, sampleCpu(c.pid)) };
      }
      await tab.close();
      return { elapsed, cpu };
    };
    const allCases = [
      { name: 'heavy, not health', url: `http://${BENCH_HOSTS.other}:${bench.port}/heavy` },
      { name: 'simple, not health', url: `http://${BENCH_HOSTS.other}:${bench.port}/simple` },
      { name: 'heavy, health', url: `http://${BENCH_HOSTS.health}:${bench.port}/heavy` },
      { name: 'simple, health', url: `http://${BENCH_HOSTS.health}:${bench.port}/simple` },
      { name: 'heavy, not health, a health tab open', url: `http://${BENCH_HOSTS.other}:${bench.port}/heavy`, healthTabOpen: true },
      { name: 'simple, not health, a health tab open', url: `http://${BENCH_HOSTS.other}:${bench.port}/simple`, healthTabOpen: true },
    ];
    const cases = allCases.filter((c) => CASE_FILTER.length === 0 || CASE_FILTER.includes(c.name));
    console.log(`Chromium, ${cases.length} pages x ${ROUNDS} rounds, the ${variants.length} contexts in rotating order each round (loopback server, no-store)${baseline ? `; baseline: ${baseline}` : ''}`);
    for (const c of cases) {
      const times = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
      const ratios = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
      const cpu = Object.fromEntries(variants.map((v) => [v, [] as { load: Map<string, number>; after: Map<string, number> }[]])) as Record<Variant, { load: Map<string, number>; after: Map<string, number> }[]>;
      // A health page left open in every context: Vigie observes it, so its shared sub-resource listener is on.
      const healthTabs = c.healthTabOpen ? await Promise.all(variants.map(async (v) => {
        const tab = await contexts[v].ctx.newPage();
        await tab.goto(`http://${BENCH_HOSTS.health}:${bench.port}/simple?open`, { waitUntil: 'load' });
        return tab;
      })) : [];
      // Warm every context on this page (process start-up; Vigie recognises the health site and remembers it for the
      // session). Case by case: no health page is loaded before the non-health cases, so Vigie's sub-resource
      // listener, kept a while after the last health tab, is off for those, and on in the cases that keep one open.
      for (let i = 0; i < 3; i++) for (const v of variants) await load(contexts[v].ctx, c.url);
      for (let round = 0; round < ROUNDS; round++) {
        const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
        const got = {} as Record<Variant, number>;
        for (const v of order) {
          const measured = await measuredLoad(contexts[v], `${c.url}?round=${round}`);
          got[v] = measured.elapsed;
          if (measured.cpu) cpu[v].push(measured.cpu);
        }
        for (const v of variants) {
          times[v].push(got[v]);
          ratios[v].push(got[v] / got.none);
        }
      }
      for (const tab of healthTabs) await tab.close();
      const base = median(times.none);
      const line = variants.map((v) => `${v} ${median(times[v]).toFixed(1)} ms (x${(median(times[v]) / base).toFixed(3)}; paired x${median(ratios[v]).toFixed(3)})`).join(', ');
      console.log(`${c.name} (load average ${loadavg()[0]!.toFixed(1)}): ${line}`);
      const cpuLine = (v: Variant) =>
        CPU_KEYS.map(([key, label]) => `${label} ${median(cpu[v].map((x) => x.load.get(key) ?? 0)).toFixed(1)} + ${median(cpu[v].map((x) => x.after.get(key) ?? 0)).toFixed(1)}`).join(', ');
      if (cpu.none.length) console.log(`  CPU ms per navigation, median (until load + ${SETTLE_MS} ms after):\n${variants.map((v) => `    ${v}: ${cpuLine(v)}`).join('\n')}`);
    }
    if (CASE_FILTER.length > 0) return;
    // The demo pages, Vigie against none, as measured before issue 15.
    const demo = DEMO_SITES.map((s) => s.host).filter((h) => h !== 'mesure-demo.test' && h !== 'hostile-demo.test');
    const demoTimes = { vigie: [] as number[], none: [] as number[] };
    for (let round = 0; round < 10; round++) {
      for (const host of demo) {
        const order = round % 2 === 0 ? (['vigie', 'none'] as const) : (['none', 'vigie'] as const);
        for (const v of order) demoTimes[v].push(await load(contexts[v].ctx, `${server.origin(host)}/?round=${round}`));
      }
    }
    console.log(`demo pages (${demo.length} x 10 rounds): Vigie ${median(demoTimes.vigie).toFixed(1)} ms, none ${median(demoTimes.none).toFixed(1)} ms, ratio ${(median(demoTimes.vigie) / median(demoTimes.none)).toFixed(3)}`);

    // Content-script work inside a real page.
    const bundle = await contentLogicBundle();
    const page = await without.ctx.newPage();
    const measure = async (url: string, grow: boolean) => {
      await page.goto(url, { waitUntil: 'load' });
      if (grow) {
        await page.evaluate(() => {
          // ~2 MB of realistic markup: the page's own main content repeated, plus long tables.
          const main = document.querySelector('main')!;
          const chunk = main.innerHTML + '<table>' + '<tr><td>Consultation de suivi</td><td>25,00 €</td><td>remboursé</td></tr>'.repeat(40) + '</table>';
          const parts: string[] = [];
          let size = 0;
          while (size < 2_000_000) {
            parts.push(`<section>${chunk}</section>`);
            size += chunk.length + 19;
          }
          main.insertAdjacentHTML('beforeend', parts.join(''));
        });
      }
      const size = await page.evaluate(() => document.documentElement.outerHTML.length);
      await page.addScriptTag({ content: bundle });
      const runs: number[] = [];
      for (let i = 0; i < 25; i++) runs.push(await page.evaluate(() => (globalThis as unknown as { VigieContentCost: { measure(u: string): number } }).VigieContentCost.measure(location.href)));
      return { size, median: median(runs.slice(5)) };
    };
    const typical = await measure(server.origin('clinique-demo.test'), false);
    const big = await measure(server.origin('labo-demo.test'), true);
    console.log(`content script readPageSignals + classifyHealth, in Chromium (page timers are coarsened to 0.1 ms): typical page (${(typical.size / 1e3).toFixed(1)} kB) median ${typical.median.toFixed(3)} ms; ${(big.size / 1e6).toFixed(1)} MB page median ${big.median.toFixed(3)} ms`);
    await page.close();
  } finally {
    for (const v of variants) {
      await contexts[v]?.ctx.close();
      if (contexts[v]) rmSync(contexts[v].profile, { recursive: true, force: true });
    }
    rmSync(allRequests, { recursive: true, force: true });
    rmSync(framesOnly, { recursive: true, force: true });
    await server.close();
    await new Promise((r) => bench.server.close(r));
  }
}
