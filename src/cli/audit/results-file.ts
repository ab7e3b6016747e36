/**
 * The results file (`--out`): JSON Lines, one row appended as each site finishes, so an interrupted run loses nothing
 * finished and a rerun skips what is done. Also read by `--from` to render a report again (a JSON array is accepted
 * there too, so `--json` output can be re-rendered).
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { asAuditRow, type AuditRow } from './audit-row.ts';
import { jsonLine } from './formats.ts';

export interface StoredResults {
  /** Rows in file order; when a site appears twice, the later row wins. */
  rows: AuditRow[];
  /** Lines that are not rows (a line cut by a kill, hand edits). */
  unreadable: number;
}

/** Reads a results file; a missing file is an empty result. Throws only when the file exists and cannot be read. */
export function readResults(path: string): StoredResults {
  if (!existsSync(path)) return { rows: [], unreadable: 0 };
  return parseResults(readFileSync(path, 'utf8'));
}

/** Parses JSON Lines (or one JSON array) of rows. */
export function parseResults(text: string): StoredResults {
  const bySite = new Map<string, AuditRow>();
  let unreadable = 0;
  const keep = (value: unknown): void => {
    const row = asAuditRow(value);
    if (!row) {
      unreadable++;
      return;
    }
    bySite.delete(row.site); // re-insert so the order is that of the latest check
    bySite.set(row.site, row);
  };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    try {
      const array = JSON.parse(trimmed) as unknown;
      if (Array.isArray(array)) {
        array.forEach(keep);
        return { rows: [...bySite.values()], unreadable };
      }
    } catch {
      // Not one array: fall through and read it line by line.
    }
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      keep(JSON.parse(line));
    } catch {
      unreadable++;
    }
  }
  return { rows: [...bySite.values()], unreadable };
}

/** Appends rows to a results file, one synchronous write per row so a row is on disk before the next site starts. */
export class ResultsAppender {
  private readonly fd: number;

  constructor(readonly path: string) {
    // A run killed mid-write can leave a last line without its newline; start ours on a fresh line.
    this.fd = openSync(path, 'a+');
    if (endsWithoutNewline(this.fd)) writeSync(this.fd, '\n');
  }

  /** Writes one row as one line. */
  append(row: AuditRow): void {
    writeSync(this.fd, jsonLine(row));
  }

  close(): void {
    closeSync(this.fd);
  }
}

function endsWithoutNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
