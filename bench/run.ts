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
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<void> };
  await mod.default();
}
