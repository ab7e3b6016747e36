/**
 * Start-up timings of this worker, in milliseconds since it started (performance.now()), for get-stats and the bench:
 * when its first module ran, when every module was evaluated, when the providers table's bytes were in hand, when
 * the catalog was installed, when it was ready (the readiness barrier of index.ts). `timeOrigin` (epoch ms) and
 * `verdictShown` (the last page whose toolbar badge first showed a verdict, and when) let the bench time navigation
 * start -> badge on one clock, without its own polling in the figure.
 */
export const startup = {
  timeOrigin: performance.timeOrigin,
  firstScriptMs: 0,
  evaluatedMs: 0,
  hotTableBytesMs: 0,
  catalogMs: 0,
  readyMs: 0,
  verdictShown: { tabId: -1, url: '', atMs: 0 },
};
