/**
 * Page-load overhead in real Chromium: two persistent contexts, one with Vigie and one without, loading the same demo
 * pages in alternating rounds; the median load time of each and their ratio (target <= 1.05). Then the content
 * script's own work, readPageSignals + classifyHealth bundled as in the extension (vite/rolldown, IIFE) and run in a
 * real page: a typical demo page and a ~2 MB page. `npm run bench -- pageload`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { findBinary } from '../test/e2e/harness.ts';
import { startDemoServer } from '../demo/server.ts';
import { DEMO_SITES } from '../demo/sites.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ROUNDS = 30;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

async function context(withExtension: boolean): Promise<{ ctx: BrowserContext; profile: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-pageload-'));
  const dist = join(ROOT, 'dist');
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: findBinary('CHROME_PATH', ['chromium', 'chromium-browser', 'google-chrome']),
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--host-resolver-rules=${DEMO_SITES.map((s) => `MAP ${s.host} 127.0.0.1`).join(', ')}`,
      ...(withExtension ? [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : ['--disable-extensions']),
    ],
  });
  if (withExtension) await (ctx.serviceWorkers()[0] ? Promise.resolve() : ctx.waitForEvent('serviceworker'));
  await ctx.addInitScript('globalThis.__name = (f) => f');
  return { ctx, profile };
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
  const withExt = await context(true);
  const without = await context(false);
  try {
    const pages = DEMO_SITES.map((s) => s.host).filter((h) => h !== 'mesure-demo.test' && h !== 'hostile-demo.test');
    const times = { with: [] as number[], without: [] as number[] };
    const load = async (ctx: BrowserContext, url: string) => {
      const page = await ctx.newPage();
      const started = performance.now();
      await page.goto(url, { waitUntil: 'load' });
      const elapsed = performance.now() - started;
      await page.close();
      return elapsed;
    };
    // Warm both (first loads pay for process start-up).
    for (const host of pages) {
      await load(withExt.ctx, server.origin(host));
      await load(without.ctx, server.origin(host));
    }
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const host of pages) {
        const url = `${server.origin(host)}/?round=${round}`;
        // Alternate which goes first, so neither always gets the warmer machine.
        const order = round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
        const pair: Record<string, number> = {};
        for (const which of order) pair[which] = await load(which === 'with' ? withExt.ctx : without.ctx, url);
        times.with.push(pair.with!);
        times.without.push(pair.without!);
        ratios.push(pair.with! / pair.without!);
      }
    }
    const mWith = median(times.with);
    const mWithout = median(times.without);
    console.log(`Chromium page loads of ${pages.length} demo pages x ${ROUNDS} rounds, alternating (loopback server, cache on)`);
    console.log(`median load with Vigie ${mWith.toFixed(1)} ms, without ${mWithout.toFixed(1)} ms: ratio of medians ${(mWith / mWithout).toFixed(3)}, median of paired ratios ${median(ratios).toFixed(3)} (target <= 1.05)`);

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
    await withExt.ctx.close();
    await without.ctx.close();
    rmSync(withExt.profile, { recursive: true, force: true });
    rmSync(without.profile, { recursive: true, force: true });
    await server.close();
  }
}
