/**
 * What the user sees on stderr: a progress bar redrawn in place when stderr is a terminal (nothing when it is piped, so
 * logs stay clean), and a one-paragraph summary at the end of every run.
 */
import { LEVELS, type Level } from '../../core/types.ts';
import { healthJudged, type AuditRow } from './audit-row.ts';
import { SITE_ERROR_CLASSES } from '../site-error.ts';
import { levelCodes } from '../level-legend.ts';

/** The part of a stream the progress bar needs. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const REDRAW_MS = 100;

/** A progress bar on a terminal; a no-op elsewhere. */
export class ProgressBar {
  private done = 0;
  private errors = 0;
  private lastDraw = 0;
  private readonly started: number;
  private readonly active: boolean;

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.active = stream.isTTY === true && total > 0;
    this.started = clock();
  }

  /** Counts one finished site; redraws at most every 100 ms. */
  tick(row: AuditRow): void {
    this.done++;
    if (row.errorClass) this.errors++;
    const now = this.clock();
    if (this.active && (now - this.lastDraw >= REDRAW_MS || this.done === this.total)) {
      this.lastDraw = now;
      this.stream.write(`\r${this.line(now)}\x1b[K`);
    }
  }

  /** Removes the bar so the summary starts on a clean line. */
  clear(): void {
    if (this.active && this.lastDraw > 0) this.stream.write('\r\x1b[K');
  }

  private line(now: number): string {
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const rate = this.done / seconds;
    const ratio = Math.min(1, this.done / this.total);
    const eta = rate > 0 ? Math.ceil((this.total - this.done) / rate) : 0;
    const tail = ` ${this.done}/${this.total} ${Math.floor(ratio * 100)}%  ${rate.toFixed(rate < 10 ? 1 : 0)} sites/s  ${this.errors} errors  eta ${eta}s`;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - tail.length - 3));
    const filled = Math.round(ratio * width);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${tail}`;
  }
}

/** Figures of one run, for the summary. */
export interface RunFigures {
  /** Rows in the final report (resumed ones included). */
  rows: readonly AuditRow[];
  checkedNow: number;
  skipped: number;
  abandoned: number;
  interrupted: boolean;
  elapsedMs: number;
  outFile?: string;
}

/** The closing summary: counts per level, health sites, errors per class, what was kept. */
export function formatSummary(f: RunFigures): string {
  const count = (level: Level): number => f.rows.filter((r) => r.level === level).length;
  // Each level id with its code (EU+, US!...), as the extension shows it.
  const levels = LEVELS.map((l) => {
    const codes = levelCodes(l, f.rows).join(' ');
    return `${l}${codes ? ` (${codes})` : ''} ${count(l)}`;
  }).join(', ');
  const notJudged = f.rows.filter((r) => !healthJudged(r)).length;
  const errors = SITE_ERROR_CLASSES.map((c) => [c, f.rows.filter((r) => r.errorClass === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`);
  const lines = [
    `${f.interrupted ? 'vigie audit: interrupted' : 'vigie audit: done'}: ${f.rows.length} sites (${f.checkedNow} checked now` +
      `${f.skipped > 0 ? `, ${f.skipped} already in ${f.outFile ?? 'the results file'}` : ''}` +
      `${f.abandoned > 0 ? `, ${f.abandoned} abandoned in flight` : ''}) in ${(f.elapsedMs / 1000).toFixed(1)} s`,
    `  levels: ${levels}`,
    `  health sites: ${f.rows.filter((r) => r.health.health).length}${notJudged > 0 ? ` (${notJudged} not judged)` : ''}`,
    `  errors: ${errors.length > 0 ? errors.join(', ') : 'none'}`,
  ];
  const unreachable = f.rows.filter((r) => r.errorClass === 'dns-failure' || (r.errorClass === 'timeout' && r.errorStage === 'dns')).length;
  if (f.checkedNow > 0 && unreachable > 0 && f.rows.every((r) => r.ip === null)) {
    lines.push('  no site could be resolved: is the network up, and the DNS server (or --dns-server) reachable?');
  }
  if (f.interrupted && f.outFile) lines.push(`  finished results are in ${f.outFile}; run the same command again to resume`);
  return `${lines.join('\n')}\n`;
}
