import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'health');

function vigie(args: string[], input?: string | Buffer) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/vigie.ts', 'classify', ...args], {
    cwd: ROOT,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function json(out: string): { url: string; health: boolean; score: number; reasons: string[] } {
  const parsed = JSON.parse(out) as Record<string, unknown>;
  expect(Object.keys(parsed)).toEqual(['url', 'health', 'score', 'reasons']);
  return parsed as never;
}

describe('vigie classify', { timeout: 120_000 }, () => {
  it('prints the JSON contract for an HTML file', () => {
    const r = vigie(['--json', '--url', 'https://www.vetoloup.com/consultations/', '--html', join(FIXTURES, 'fr-vet-vetoloup.html')]);
    expect(r.code).toBe(0);
    const v = json(r.out);
    expect(v.url).toBe('https://www.vetoloup.com/consultations/');
    expect(v.health).toBe(false);
    expect(typeof v.score).toBe('number');
    expect(v.reasons.some((x) => x.includes('vétérinaire'))).toBe(true);
  });

  it('reads plain text from standard input', () => {
    const r = vigie(['--json', '--url', 'https://example.org/'], 'Le médecin généraliste prescrit une prise de sang au laboratoire de biologie médicale.');
    expect(r.code).toBe(0);
    expect(json(r.out).health).toBe(true);
  });

  it('decides from the URL alone on empty input, and says so', () => {
    const r = vigie(['--json', '--url', 'https://www.ameli.fr/assure'], '');
    const v = json(r.out);
    expect(v.health).toBe(true);
    expect(v.reasons).toContain('domain listed: ameli.fr (health insurer)');
    expect(v.reasons.some((x) => x.includes('URL alone'))).toBe(true);
  });

  it('ignores binary input with a reason and exits 0', () => {
    const r = vigie(['--json', '--url', 'https://example.org/img.png'], Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0xff, 0xfe]));
    expect(r.code).toBe(0);
    const v = json(r.out);
    expect(v.health).toBe(false);
    expect(v.reasons.some((x) => x.includes('binary'))).toBe(true);
  });

  it('prints readable text without --json', () => {
    const r = vigie(['--url', 'https://www.doctolib.fr/'], '');
    expect(r.code).toBe(0);
    expect(r.out).toContain('health-related: yes (decided by the domain list)');
    expect(r.out).toContain('domain listed: doctolib.fr');
    // The score says what it is, and that it did not decide here.
    expect(r.out).toMatch(/\nmodel score: -?\d+(\.\d+)? \(the model's log-odds minus its threshold: the model says health at 0 or above\)\n/);
    const byModel = vigie(['--url', 'https://example.org/'], 'Le médecin généraliste prescrit une prise de sang au laboratoire de biologie médicale.');
    expect(byModel.out).toContain('health-related: yes (decided by the model)');
  });

  it('--help prints usage and exits 0', () => {
    const r = vigie(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--url');
  });

  it('exits 2 on unusable arguments', () => {
    expect(vigie(['--json']).code).toBe(2);
    expect(vigie(['--url']).code).toBe(2);
    expect(vigie(['--url', 'ftp://example.org/']).code).toBe(2);
    // A bare word is no address: it used to be classified silently as http://notaurl/.
    const bare = vigie(['--json', '--url', 'notaurl']);
    expect(bare.code).toBe(2);
    expect(bare.out).toBe('');
    expect(bare.err).toMatch(/--url 'notaurl' is not a usable http\(s\) address: give a URL/);
    expect(vigie(['--url', 'https://example.org/', '--bogus']).code).toBe(2);
    expect(vigie(['--url', 'https://example.org/', '--html', join(FIXTURES, 'does-not-exist.html')]).code).toBe(2);
  });
});
