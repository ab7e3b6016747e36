/**
 * `npm test`: every check a submission must pass, in order, with one closing line "N passed, N failed".
 * Steps: typecheck, data check, routing tables, unit tests, both builds, web-ext lint of the Firefox build, end-to-end tests in real
 * Chromium and Firefox ESR. A failed step is counted and the later steps still run when they can.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Step {
  name: string;
  command: string[];
  /** vitest JSON report to count tests from, if the step runs vitest. */
  json?: string;
  needs?: string;
}

mkdirSync('artifacts', { recursive: true });
const steps: Step[] = [
  { name: 'typecheck', command: ['npx', 'tsc', '--noEmit'] },
  // Every data row has a source, a date and (networks) a role; rows not verified for six months are listed.
  { name: 'data-check', command: ['npm', 'run', '-s', 'data:check'] },
  // The routing tables (generated/, not committed) are inputs of unit tests, the CLI and the build.
  { name: 'data', command: ['npm', 'run', '-s', 'data:build'] },
  { name: 'unit', command: ['npx', 'vitest', 'run', '--sequence.shuffle', '--reporter=default', '--reporter=json', '--outputFile.json=artifacts/unit.json'], json: 'artifacts/unit.json', needs: 'data' },
  { name: 'build', command: ['npm', 'run', '-s', 'build'] },
  { name: 'lint-firefox', command: ['npx', 'web-ext', 'lint', '--source-dir', 'dist-firefox', '--self-hosted', '--warnings-as-errors=false'], needs: 'build' },
  { name: 'e2e', command: ['npx', 'vitest', 'run', '-c', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=artifacts/e2e.json'], json: 'artifacts/e2e.json', needs: 'build' },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const failedSteps = new Set<string>();
const summary: string[] = [];

for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  if (step.needs && failedSteps.has(step.needs)) {
    failed++;
    failedSteps.add(step.name);
    summary.push(`${step.name}: not run (${step.needs} failed)`);
    continue;
  }
  if (step.json) rmSync(step.json, { force: true });
  const started = Date.now();
  console.log(`\n=== ${step.name}: ${step.command.join(' ')}`);
  const result = spawnSync(step.command[0]!, step.command.slice(1), { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let counted = false;
  let failedTests = 0;
  if (step.json && existsSync(step.json)) {
    const report = JSON.parse(readFileSync(step.json, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTests: number };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    failedTests = report.numFailedTests;
    counted = true;
    summary.push(`${step.name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${seconds} s)`);
    if (report.numTotalTests === 0) {
      failed++;
      summary.push(`${step.name}: ran no test`);
    }
  }
  if (result.status !== 0) {
    failedSteps.add(step.name);
    // A runner that failed without a failing test (a crash, a load error) still counts as one failure.
    if (!counted || failedTests === 0) failed++;
    if (!counted) summary.push(`${step.name}: FAILED (exit ${result.status}, ${seconds} s)`);
  } else if (!counted) {
    passed++;
    summary.push(`${step.name}: ok (${seconds} s)`);
  }
}

console.log(`\n=== summary\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
