/**
 * Sizes users download and the browser holds: each build zipped (the `zip` command at maximum compression, as store
 * uploads are; gzip of the tar stream when zip is absent), its largest files, and the routing table raw and gzipped.
 * Needs `npm run build` first. `npm run bench -- size`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

function files(dir: string): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ path: relative(dir, path), bytes: statSync(path).size });
    }
  };
  walk(dir);
  return out;
}

function zipped(dir: string): { bytes: number; how: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'vigie-size-'));
  try {
    const out = join(tmp, 'build.zip');
    execFileSync('zip', ['-q', '-r', '-9', '-X', out, '.'], { cwd: dir });
    return { bytes: statSync(out).size, how: 'zip -9' };
  } catch {
    const sum = files(dir).reduce((n, f) => n + gzipSync(readFileSync(join(dir, f.path)), { level: 9 }).byteLength, 0);
    return { bytes: sum, how: 'sum of gzip -9 per file (no zip command)' };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export default async function (): Promise<void> {
  for (const dir of ['dist', 'dist-firefox']) {
    const path = join(ROOT, dir);
    if (!existsSync(join(path, 'manifest.json'))) {
      console.log(`${dir}: not built (run npm run build)`);
      continue;
    }
    const list = files(path);
    const raw = list.reduce((n, f) => n + f.bytes, 0);
    const zip = zipped(path);
    console.log(`${dir}: ${list.length} files, ${kB(raw)} unpacked, ${kB(zip.bytes)} packed (${zip.how})`);
    const largest = list.sort((a, b) => b.bytes - a.bytes).slice(0, 5).map((f) => `${f.path} ${kB(f.bytes)}`);
    console.log(`  largest: ${largest.join(', ')}`);
  }
  const table = join(ROOT, 'generated', 'asn-table.bin');
  if (existsSync(table)) {
    const bytes = readFileSync(table);
    console.log(`asn-table.bin: ${kB(bytes.byteLength)} raw, ${kB(gzipSync(bytes, { level: 9 }).byteLength)} gzip -9`);
  }
}
