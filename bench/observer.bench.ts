/**
 * The webRequest hot path in Node: the real src/background/traffic.ts `observeResponse` (with the real tab store,
 * engine, routing table and surfaces, and the platform's conversion of each event into an observation), only
 * src/platform/browser.ts swapped for the in-memory fake (test/fixtures/fake-platform.ts) by a module hook.
 * Replays >10,000 real-shaped onResponseStarted events (bench/fixtures/observer-events.ts) and prints the median and
 * p99 per event, first response of a host on a page (identification) and later ones (counters) apart.
 * What it leaves out: the browser's own cost of dispatching the event to the worker, and the coalesced
 * storage.session write (one per dirty tab per 200 ms), which runs outside the handler. Last, what these pages' third
 * parties cost the per-tab storage budget: how many of them a stored tab keeps across a worker restart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildEvents } from './fixtures/observer-events.ts';

const ROOT = join(import.meta.dirname, '..');

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

const ms = (v: number) => `${v.toFixed(4)} ms`;

export default async function (): Promise<void> {
  register('./fixtures/browser-stub-loader.mjs', import.meta.url);
  // The worker fetches its packaged files by URL (the start-up file, the full table): answer from the generated files.
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (url: string | URL) => {
    const file = join(ROOT, 'generated', String(url).split('/').pop() ?? '');
    return existsSync(file) ? new Response(readFileSync(file)) : realFetch(url);
  }) as typeof fetch;
  const { observeResponse } = await import('../src/background/traffic.ts');
  const { observationOf } = await import('../src/platform/background.ts');
  const engine = await import('../src/background/engine.ts');
  const { ready, getTab, fitStoredTab, MAX_STORED_TAB_CHARS } = await import('../src/background/tab-store.ts');
  const { MAX_HOSTS_PER_TAB } = await import('../src/core/report.ts');
  // Measured with both tables loaded, as a worker is a moment after it starts: the full table is read once a first
  // verdict is shown (after-first-verdict.ts), which no toolbar does here, so say it was.
  (await import('../src/background/after-first-verdict.ts')).firstVerdictShown();
  await Promise.all([engine.engineReady, engine.fullTableReady, ready]);
  const loaded = engine.tableLoadMs;

  const events = buildEvents();
  // Warm-up pass (JIT), then the measured passes on fresh tab ids so every page starts cold again.
  for (const e of events) observeResponse(observationOf({ ...e, tabId: e.tabId < 0 ? -1 : e.tabId + 10_000 }));
  const all: number[] = [];
  const firstOfHost: number[] = [];
  const repeat: number[] = [];
  const mainFrames: number[] = [];
  const PASSES = 3;
  for (let pass = 0; pass < PASSES; pass++) {
    const seen = new Set<string>();
    for (const e of events) {
      const details = { ...e, tabId: e.tabId < 0 ? -1 : e.tabId + 20_000 + pass * 100 };
      const started = performance.now();
      observeResponse(observationOf(details));
      const elapsed = performance.now() - started;
      all.push(elapsed);
      if (details.type === 'main_frame') {
        seen.clear();
        mainFrames.push(elapsed);
      }
      const key = `${details.tabId} ${new URL(details.url).hostname}`;
      (seen.has(key) ? repeat : firstOfHost).push(elapsed);
      seen.add(key);
    }
  }
  const total = all.reduce((a, b) => a + b, 0);
  console.log(`events: ${events.length.toLocaleString('en')} per pass x ${PASSES} passes (${events.filter((e) => e.type === 'main_frame').length} page loads; built, not recorded: see bench/fixtures/observer-events.ts)`);
  console.log(`table load in Node (file read + wrap): providers table ${loaded.hot.toFixed(1)} ms, full table ${loaded.full.toFixed(1)} ms`);
  console.log(`per event: median ${ms(quantile(all, 0.5))}  p99 ${ms(quantile(all, 0.99))}  mean ${ms(total / all.length)}  (target median <= 0.02 ms)`);
  console.log(`first response of a host on a page (identify): median ${ms(quantile(firstOfHost, 0.5))}  p99 ${ms(quantile(firstOfHost, 0.99))}  n=${firstOfHost.length}`);
  console.log(`main_frame (new page, toolbar update):            median ${ms(quantile(mainFrames, 0.5))}  p99 ${ms(quantile(mainFrames, 0.99))}  n=${mainFrames.length}`);
  console.log(`later responses (counters only):               median ${ms(quantile(repeat, 0.5))}  p99 ${ms(quantile(repeat, 0.99))}  n=${repeat.length}`);
  console.log(`per page load of ~${Math.round(events.length / events.filter((e) => e.type === 'main_frame').length)} responses: ${ms(total / PASSES / events.filter((e) => e.type === 'main_frame').length)} of handler time`);

  // The stored copy of a tab (tab-store.ts fitStoredTab): its report with every host, as JSON. The third parties' mean
  // size says how many fit the budget on a page that has nothing else stored (no earlier page kept).
  const reports = [...new Set(events.filter((e) => e.tabId >= 0).map((e) => e.tabId + 20_000 + (PASSES - 1) * 100))].map((id) => getTab(id)!.report);
  const thirdParties = reports.flatMap((r) => r.hosts.filter((h) => !h.firstParty));
  const perThirdParty = thirdParties.reduce((n, h) => n + JSON.stringify(h).length + 1, 0) / thirdParties.length;
  const clues = thirdParties.reduce((n, h) => n + h.verdict.evidence.length, 0) / thirdParties.length;
  const rest = Math.max(...reports.map((r) => JSON.stringify({ report: { ...r, hosts: r.hosts.filter((h) => h.firstParty) }, previous: [] }).length));
  console.log(`stored tab: ${Math.round(perThirdParty)} characters of JSON per third party (mean of ${thirdParties.length}, ${clues.toFixed(1)} clues each); the ${MAX_STORED_TAB_CHARS.toLocaleString('en')}-character budget holds about ${Math.floor((MAX_STORED_TAB_CHARS - rest) / perThirdParty)} of them`);
  // A very heavy page: as many hosts as a report keeps, these third parties again under other names; fitStoredTab cuts
  // the least used by quarters, so what it keeps is a step under what the budget holds.
  const page = reports[0]!;
  const own = page.hosts.filter((h) => h.firstParty);
  const many = Array.from({ length: MAX_HOSTS_PER_TAB - own.length }, (_, i) => {
    const h = thirdParties[i % thirdParties.length]!;
    return { ...h, verdict: { ...h.verdict, host: `t${i}.${h.verdict.host}` } };
  });
  const kept = fitStoredTab({ report: { ...page, hosts: [...own, ...many] }, previous: [] }).report.hosts.filter((h) => !h.firstParty).length;
  console.log(`very heavy page (${MAX_HOSTS_PER_TAB} hosts, ${many.length} third parties): the stored copy keeps ${kept} third parties across a worker restart`);
}
