/**
 * What no first verdict needs (the full routing table, the health model) is read once the worker has shown its first
 * verdict on the toolbar: read as soon as the worker starts, their bytes and parsing take its thread while it makes
 * that verdict (BENCHMARKS.md, cold start sixth pass). Nothing is lost meanwhile: a verdict only the full table can
 * name is provisional and made again once it is in (engine.ts, traffic.ts), and a page's classification asks for the
 * model itself (health-data.ts). A worker woken by something else than a page (the popup, a message, a closed tab)
 * shows no verdict: its reads start a little after it is ready.
 */

/** How long a ready worker that shows no verdict waits before the reads. */
export const WITHOUT_VERDICT_MS = 300;

let release: () => void = () => undefined;

/** Resolves once the first verdict is on the toolbar, or WITHOUT_VERDICT_MS after the worker is ready. */
export const afterFirstVerdict: Promise<void> = new Promise<void>((resolve) => (release = resolve));

/** The toolbar showed a verdict. */
export function firstVerdictShown(): void {
  release();
}

/** The worker is ready (its readiness barrier passed). */
export function workerReady(): void {
  setTimeout(release, WITHOUT_VERDICT_MS);
}
