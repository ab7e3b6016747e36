import { describe, expect, it } from 'vitest';
import { formatSummary, ProgressBar } from '../../src/cli/audit/progress.ts';
import { SAMPLE_ROWS } from '../fixtures/audit/rows.ts';

describe('audit run summary', () => {
  it('counts levels and errors, and points at the network when no site could be resolved at all', () => {
    const summary = formatSummary({ rows: SAMPLE_ROWS, checkedNow: 5, skipped: 0, abandoned: 0, interrupted: false, elapsedMs: 1234 });
    expect(summary).toMatch(/done: 5 sites \(5 checked now\) in 1\.2 s/);
    expect(summary).toMatch(/levels: secnumcloud \(SNC\) 0, secnumcloud-provider \(EU\+\) 2, eu \(EU\) 0, extra-eu \(US!\) 1, unknown \(\?\) 2\n/);
    // The invalid input's health was never judged.
    expect(summary).toMatch(/health sites: 2 \(1 not judged\)\n/);
    expect(summary).toMatch(/errors: invalid-input 1, nxdomain 1/);
    expect(summary).not.toMatch(/network/);
    const offline = SAMPLE_ROWS.map((r) => ({ ...r, ip: null, errorClass: 'dns-failure' as const, errorStage: 'dns' as const, error: 'ECONNREFUSED' }));
    expect(formatSummary({ rows: offline, checkedNow: 5, skipped: 0, abandoned: 0, interrupted: false, elapsedMs: 10 })).toMatch(/no site could be resolved: is the network up/);
  });
});

describe('audit progress bar', () => {
  it('redraws in place on a terminal at most every 100 ms, with counts, rate and errors', () => {
    let written = '';
    let now = 0;
    const bar = new ProgressBar({ isTTY: true, columns: 80, write: (t: string) => (written += t) }, 5, () => now);
    for (const row of SAMPLE_ROWS) {
      now += 40;
      bar.tick(row);
    }
    const frames = written.split('\r').filter(Boolean);
    expect(frames.length).toBeLessThan(SAMPLE_ROWS.length);
    expect(frames[frames.length - 1]).toMatch(/^\[#+\] 5\/5 100%  25 sites\/s  2 errors  eta 0s/);
    bar.clear();
    expect(written.endsWith('\r\x1b[K')).toBe(true);
  });

  it('writes nothing when stderr is not a terminal', () => {
    let written = '';
    const bar = new ProgressBar({ isTTY: false, write: (t: string) => (written += t) }, 5);
    for (const row of SAMPLE_ROWS) bar.tick(row);
    bar.clear();
    expect(written).toBe('');
  });
});
