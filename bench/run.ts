/**
 * `npm run bench`: runs every bench/*.bench.ts (each exports `default async function (): Promise<void>` that prints
 * its own figures as medians and ratios). `npm run bench -- asn` runs only files whose name contains "asn".
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { argv } from 'node:process';

const here = dirname(fileURLToPath(import.meta.url));
const filter = argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((w) => f.includes(w)))
  .sort();
// A bench awaiting a promise that nothing will settle would let Node exit in silence, its figures missing: say so.
let running: string | null = null;
process.on('beforeExit', () => {
  if (running === null) return;
  console.error(`bench ${running}: stopped before printing its figures (it awaited something that never came)`);
  process.exitCode = 1;
});
for (const file of files) {
  running = file;
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<void> };
  await mod.default();
  running = null;
}
