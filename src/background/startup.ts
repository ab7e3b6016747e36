/** Start-up timings of this worker, in milliseconds since it started (performance.now()), for get-stats and the bench. */
export const startup = { evaluatedMs: 0, readyMs: 0 };
