import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLine, renderJson } from '../../src/cli/audit/formats.ts';
import { parseResults, readResults, ResultsAppender } from '../../src/cli/audit/results-file.ts';
import { SAMPLE_ROWS } from '../fixtures/audit/rows.ts';

const [first, second, third] = SAMPLE_ROWS as [typeof SAMPLE_ROWS[0], typeof SAMPLE_ROWS[0], typeof SAMPLE_ROWS[0]];

describe('audit results file', () => {
  it('appends one line per row and reads them back', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vigie-audit-')), 'results.jsonl');
    const out = new ResultsAppender(path);
    out.append(first);
    out.append(second);
    out.close();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3);
    expect(readResults(path)).toEqual({ rows: [first, second], unreadable: 0 });
  });

  it('survives a line cut by a kill: the cut line is ignored and the next append starts on a fresh line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vigie-audit-')), 'results.jsonl');
    writeFileSync(path, jsonLine(first) + jsonLine(second).slice(0, 40));
    expect(readResults(path)).toEqual({ rows: [first], unreadable: 1 });
    const out = new ResultsAppender(path);
    out.append(third);
    out.close();
    expect(readResults(path)).toEqual({ rows: [first, third], unreadable: 1 });
  });

  it('keeps the latest row when a site was checked twice, and rejects lines that are not rows', () => {
    const rechecked = { ...first, level: 'eu' as const, checkedAt: '2026-11-29T00:00:00.000Z' };
    const text = [jsonLine(first), jsonLine(second), '{"hello":"world"}\n', jsonLine(rechecked)].join('');
    const stored = parseResults(text);
    expect(stored.rows.map((r) => [r.site, r.level])).toEqual([
      [second.site, second.level],
      [first.site, 'eu'],
    ]);
    expect(stored.unreadable).toBe(1);
  });

  it('reads a JSON array too, so --json output can be re-rendered', () => {
    expect(parseResults(renderJson(SAMPLE_ROWS)).rows).toEqual(SAMPLE_ROWS);
  });

  it('treats a missing file as no results', () => {
    expect(readResults(join(tmpdir(), 'vigie-audit-does-not-exist.jsonl'))).toEqual({ rows: [], unreadable: 0 });
  });
});
