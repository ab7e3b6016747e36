import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClassify } from '../../src/cli/classify.ts';
import { PAGE_PARSE_LIMIT_BYTES, readPageBounded } from '../../src/cli/page-reader.ts';

// 512 KB of nested elements: the HTML parser needs tens of seconds for it (superlinear in depth), on the main thread
// nothing could stop it.
const DEEP_PAGE = Buffer.from(`<html><head><title>Clinique</title></head><body>${'<b>'.repeat(Math.floor(PAGE_PARSE_LIMIT_BYTES / 3))}`);
const CLINIC = `<html lang="fr"><head><title>Clinique du Parc</title><meta name="description" content="Consultations, chirurgie, maternité, urgences."></head><body><h1>Clinique du Parc</h1><h2>Soins</h2>`;

describe('bounded page parsing (worker thread, size and time limits)', { timeout: 60_000 }, () => {
  it('parses an ordinary page whole', async () => {
    const reading = await readPageBounded(Buffer.from(`${CLINIC}</body></html>`), 'https://www.clinique-parc.fr/');
    expect(reading.parse).toBe('whole');
    expect(reading.signals.headings).toContain('Clinique du Parc');
    expect(reading.signals.description).toMatch(/chirurgie/);
    expect(reading.notes).toEqual([]);
  });

  it('parses only the first 512 KB of a longer page, and says so', async () => {
    const long = Buffer.from(`${CLINIC}<p>${'soins et consultations '.repeat(30_000)}</p></body></html>`);
    expect(long.length).toBeGreaterThan(PAGE_PARSE_LIMIT_BYTES);
    const reading = await readPageBounded(long, 'https://www.clinique-parc.fr/');
    expect(reading.parse).toBe('prefix');
    expect(reading.parsedBytes).toBe(PAGE_PARSE_LIMIT_BYTES);
    expect(reading.signals.headings).toContain('Clinique du Parc');
    expect(reading.notes).toContain(`only the first ${PAGE_PARSE_LIMIT_BYTES} bytes of the page were parsed`);
    // A body the fetcher already cut at its own cap is a prefix too.
    expect((await readPageBounded(Buffer.from(CLINIC), 'https://x.fr/', { cut: true })).parse).toBe('prefix');
  });

  it('stops a parse that overruns its deadline, then parses the next page in a fresh thread', async () => {
    const stopped = await readPageBounded(DEEP_PAGE, 'https://hostile.example/', { deadlineMs: 200 });
    expect(stopped.parse).toBe('stopped');
    expect(stopped.signals.title).toBe('');
    expect(stopped.notes.join(' ')).toMatch(/page parsing stopped after 200 ms/);
    const next = await readPageBounded(Buffer.from(`${CLINIC}</body></html>`), 'https://www.clinique-parc.fr/');
    expect(next.parse).toBe('whole');
    expect(next.signals.headings).toContain('Clinique du Parc');
  });

  it("gives way to the caller's signal (site timeout, Ctrl-C) at once, with the signal's reason", async () => {
    const controller = new AbortController();
    const parsing = readPageBounded(DEEP_PAGE, 'https://hostile.example/', { signal: controller.signal, deadlineMs: 600_000 });
    setImmediate(() => controller.abort(new Error('interrupted')));
    await expect(parsing).rejects.toThrow('interrupted');
    // An already aborted signal never starts a parse.
    await expect(readPageBounded(DEEP_PAGE, 'https://hostile.example/', { signal: AbortSignal.abort(new Error('late')) })).rejects.toThrow('late');
  });

  it('vigie classify reads at most the bounded prefix of a big file, and reports the cut', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vigie-classify-')), 'big.html');
    writeFileSync(path, `${CLINIC}<p>${'Prenez rendez-vous avec nos médecins. '.repeat(20_000)}</p></body></html>`);
    let out = '';
    const code = await runClassify(['--json', '--url', 'https://www.clinique-parc.fr/', '--html', path], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => true },
    });
    expect(code).toBe(0);
    const result = JSON.parse(out) as { health: boolean; reasons: string[] };
    expect(result.reasons).toContain(`only the first ${PAGE_PARSE_LIMIT_BYTES} bytes of the page were parsed`);
    expect(result.health).toBe(true);
  });

  it('vigie classify stops reading an endless standard input once it has more than it parses', async () => {
    // `yes médecin | vigie classify`: it drained standard input to its end, so it never finished.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/vigie.ts', 'classify', '--json', '--url', 'https://example.org/'], {
      cwd: join(import.meta.dirname, '..', '..'),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.on('error', () => undefined); // the reader leaves: EPIPE, as for `head`
    const line = Buffer.from('Le médecin généraliste vous reçoit.\n'.repeat(2_000));
    let writing = true;
    const feed = (): void => {
      while (writing && child.stdin.write(line));
      if (writing) child.stdin.once('drain', feed);
    };
    feed();
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve(null);
      }, 30_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    writing = false;
    expect(code).toBe(0);
    expect((JSON.parse(out) as { reasons: string[] }).reasons).toContain(`only the first ${PAGE_PARSE_LIMIT_BYTES} bytes of the page were parsed`);
  });
});
