/**
 * `npm run package`: store-ready zips of both builds in artifacts/packages/ (builds first). Each zip holds the build
 * folder's files at its root, as both stores expect.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const run = (command: string, args: string[], cwd?: string) => {
  const result = spawnSync(command, args, { stdio: 'inherit', ...(cwd ? { cwd } : {}) });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const { version } = JSON.parse(readFileSync('manifest.json', 'utf8')) as { version: string };
if (!process.argv.includes('--no-build')) run('npm', ['run', '-s', 'build']);
const out = resolve('artifacts/packages');
mkdirSync(out, { recursive: true });
for (const [dir, name] of [['dist', `vigie-chrome-${version}.zip`], ['dist-firefox', `vigie-firefox-${version}.zip`]] as const) {
  const file = resolve(out, name);
  rmSync(file, { force: true });
  // -X: no extra file attributes, so two builds of the same sources give the same zip contents.
  run('zip', ['-q', '-r', '-X', '-9', file, '.'], dir);
  console.log(`${file}  ${statSync(file).size.toLocaleString('en')} bytes`);
}
