/**
 * `npm run package`: store-ready zips of both builds in artifacts/packages/ (builds first). Each zip holds the build
 * folder's files at its root, as both stores expect. Refuses a build whose routing table holds the RIPE RIS IPv6
 * announcement layer unless `--ris-terms-met` says its publisher meets the RIPE NCC's terms for it (the committed
 * IPtoASN layer is public domain: no condition).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tableHoldsRisLayer } from './announcements.ts';

const run = (command: string, args: string[], cwd?: string) => {
  const result = spawnSync(command, args, { stdio: 'inherit', ...(cwd ? { cwd } : {}) });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const { version } = JSON.parse(readFileSync('manifest.json', 'utf8')) as { version: string };
if (!process.argv.includes('--no-build')) run('npm', ['run', '-s', 'build']);

// A table built with the RIS announcement layer carries a RIPE RIS derivative, which may be published only under the
// RIPE NCC's terms (logo, link, set description: docs/data.md), which Vigie's pages do not show: no store package of it
// unless whoever publishes says they meet them.
// The built tables themselves are read: a layer deleted after a build is still in that build.
const withLayer = ['dist', 'dist-firefox'].filter((dir) => ['asn-table.bin', 'worker-start.bin'].some((file) => tableHoldsRisLayer(readFileSync(resolve(dir, file)))));
if (withLayer.length && !process.argv.includes('--ris-terms-met')) {
  console.error(
    `The routing table in ${withLayer.join(' and ')} holds the RIS IPv6 announcement layer (RIPE RIS data, generated/announcements/). ` +
      'A package of it may be published only under the RIPE NCC terms for RIS data (docs/data.md, "The IPv6 announcement layer"). ' +
      'Delete generated/announcements/ and build again for a package with the committed IPtoASN layer instead, or pass --ris-terms-met if the published build meets those terms.',
  );
  process.exit(1);
}
const out = resolve('artifacts/packages');
mkdirSync(out, { recursive: true });
for (const [dir, name] of [['dist', `vigie-chrome-${version}.zip`], ['dist-firefox', `vigie-firefox-${version}.zip`]] as const) {
  const file = resolve(out, name);
  rmSync(file, { force: true });
  // -X: no extra file attributes, so two builds of the same sources give the same zip contents.
  run('zip', ['-q', '-r', '-X', '-9', file, '.'], dir);
  console.log(`${file}  ${statSync(file).size.toLocaleString('en')} bytes`);
}
