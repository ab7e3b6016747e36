/**
 * `vigie audit`: check many sites at once, for journalists, DPOs and researchers. Resolves each site, optionally reads
 * its home page headers, identifies and assesses its host with the extension's own core, classifies health, and
 * prints a table, JSON, CSV or a Markdown report. Resumable with --out; Ctrl-C keeps what is finished.
 */
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import process from 'node:process';
import { readCommandLine } from './arguments.ts';
import type { AuditRow } from './audit/audit-row.ts';
import { auditSite, type SiteAuditDeps } from './audit/audit-site.ts';
import type { AuditEnvironment } from './audit/environment.ts';
import { renderCsv, renderJson, renderTable, type OutputFormat } from './audit/formats.ts';
import { renderMarkdown, type ReportMeta } from './audit/markdown-report.ts';
import { AUDIT_COMMAND, auditOptions, type AuditOptions } from './audit/options.ts';
import { runPool } from './audit/pool.ts';
import { formatSummary, ProgressBar } from './audit/progress.ts';
import { ResultsAppender, readResults } from './audit/results-file.ts';
import type { SiteErrorClass } from './site-error.ts';
import { parseSiteList, type SiteEntry } from './audit/site-list.ts';

/** Errors worth checking again with --retry-errors: the next attempt may succeed. */
const RETRYABLE: readonly SiteErrorClass[] = ['timeout', 'dns-failure', 'refused', 'http-error'];

/** Entry point of `vigie audit`: real resolver, real fetcher, Ctrl-C handling. */
export async function runAudit(args: string[]): Promise<number> {
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    const { processEnvironment } = await import('./audit/environment.ts');
    return await runAuditWith(args, processEnvironment(interrupt.signal));
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Runs `vigie audit` in the given environment; returns the exit code (0 done, 1 failure, 2 usage, 130 interrupted). */
export async function runAuditWith(args: string[], env: AuditEnvironment): Promise<number> {
  const command = readCommandLine(AUDIT_COMMAND, args, env, auditOptions);
  if ('exitCode' in command) return command.exitCode;
  const options = command.options;
  if (options.from !== undefined) return rerender(options.from, options, env);

  const inputPath = options.input ?? '';
  let sites: SiteEntry[];
  let duplicates: number;
  try {
    ({ sites, duplicates } = parseSiteList(readFileSync(inputPath, 'utf8'), inputPath));
  } catch (error) {
    env.stderr.write(`vigie audit: cannot read the list ${inputPath}: ${messageOf(error)}\n`);
    return 1;
  }
  if (duplicates > 0) env.stderr.write(`vigie audit: ${duplicates} duplicate lines ignored\n`);

  let previous: AuditRow[] = [];
  if (options.out !== undefined) {
    try {
      const stored = readResults(options.out);
      previous = stored.rows;
      if (stored.unreadable > 0) env.stderr.write(`vigie audit: ${stored.unreadable} unreadable lines in ${options.out} ignored (their sites are checked again)\n`);
    } catch (error) {
      env.stderr.write(`vigie audit: cannot read ${options.out}: ${messageOf(error)}\n`);
      return 1;
    }
  }
  const done = new Map(previous.filter((r) => !(options.retryErrors && r.errorClass && RETRYABLE.includes(r.errorClass))).map((r) => [r.site, r]));
  const todo = sites.filter((s) => !done.has(s.site));

  let deps: SiteAuditDeps;
  let appender: ResultsAppender | undefined;
  try {
    deps = await env.siteDeps(options);
    if (options.out !== undefined) appender = new ResultsAppender(options.out);
  } catch (error) {
    env.stderr.write(`vigie audit: ${messageOf(error)}\n`);
    return 1;
  }

  // Each site in flight listens to the interrupt signal twice (pool and site); that is expected, not a leak.
  setMaxListeners(2 * options.concurrency + 10, env.interrupt);
  const started = env.clock();
  const progress = new ProgressBar(env.stderr, todo.length, env.clock);
  const fresh: AuditRow[] = [];
  let outcome;
  try {
    outcome = await runPool(
      todo,
      options.concurrency,
      (entry) => auditSite(entry, deps, options, env.interrupt),
      (row) => {
        fresh.push(row);
        appender?.append(row);
        progress.tick(row);
      },
      env.interrupt,
    );
  } finally {
    appender?.close();
    progress.clear();
  }

  const rows = inInputOrder(sites, [...previous, ...fresh]);
  env.stdout.write(await render(rows, options.format, basename(inputPath), options, env));
  env.stderr.write(
    formatSummary({
      rows,
      checkedNow: fresh.length,
      skipped: sites.length - todo.length,
      abandoned: outcome.abandoned,
      interrupted: outcome.stopped,
      elapsedMs: env.clock() - started,
      outFile: options.out,
    }),
  );
  return outcome.stopped ? 130 : 0;
}

async function rerender(path: string, options: AuditOptions, env: AuditEnvironment): Promise<number> {
  try {
    const stored = readResults(path);
    if (stored.rows.length === 0 && stored.unreadable === 0) {
      env.stderr.write(`vigie audit: ${path} does not exist or holds no results\n`);
      return 1;
    }
    if (stored.unreadable > 0) env.stderr.write(`vigie audit: ${stored.unreadable} unreadable lines in ${path} ignored\n`);
    env.stdout.write(await render(stored.rows, options.format, basename(path), options, env));
    return 0;
  } catch (error) {
    env.stderr.write(`vigie audit: cannot read ${path}: ${messageOf(error)}\n`);
    return 1;
  }
}

async function render(rows: AuditRow[], format: OutputFormat, inputName: string, options: AuditOptions, env: AuditEnvironment): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(rows);
    case 'csv':
      return renderCsv(rows);
    case 'md':
      return renderMarkdown(rows, {
        generatedAt: new Date(env.clock()),
        inputName,
        data: await env.dataSources(),
        fetched: options.page ? 'page' : options.headers ? 'headers' : fetchedFromRows(rows),
      });
    case 'table':
      return renderTable(rows, env.stdout.columns ?? 120);
  }
}

/** With --from, the rows say whether pages were contacted. */
function fetchedFromRows(rows: AuditRow[]): ReportMeta['fetched'] {
  return rows.some((r) => r.http !== undefined) ? 'headers' : 'none';
}

/** Rows in the order of the input list; stored rows for sites no longer listed come last. */
function inInputOrder(sites: SiteEntry[], rows: AuditRow[]): AuditRow[] {
  const bySite = new Map<string, AuditRow>();
  for (const row of rows) bySite.set(row.site, row); // later rows (this run) replace stored ones
  const ordered: AuditRow[] = [];
  for (const site of sites) {
    const row = bySite.get(site.site);
    if (row) {
      ordered.push(row);
      bySite.delete(site.site);
    }
  }
  return [...ordered, ...bySite.values()];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
