/**
 * Reading a page's signals from untrusted bytes, within bounds: only the first PAGE_PARSE_LIMIT_BYTES are parsed, in
 * a worker thread that is terminated when the parse overruns its deadline or the caller's signal aborts (the site's
 * timeout, Ctrl-C). The HTML parser takes quadratic time on deep nesting, and a synchronous parse on the main thread
 * could be stopped by nothing.
 */
import { Worker } from 'node:worker_threads';
import { emptyPageSignals } from '../core/page-signals.ts';
import { untilAborted } from './cancellation.ts';
import type { InputSignals } from './html-signals.ts';

/** No more of a page is parsed; the health classifier only reads its first few thousand characters anyway. */
export const PAGE_PARSE_LIMIT_BYTES = 512 * 1024;
/** Parse time allowed per page, worker start-up excluded. */
export const PAGE_PARSE_DEADLINE_MS = 5_000;
/** Workers kept at most (one per core of a small machine); more pages wait their turn. */
const MAX_WORKERS = 2;

/** How much of the page the signals come from. */
export type PageParse = 'whole' | 'prefix' | 'stopped';

/** Signals, notes for the user, and how much of the page was parsed. */
export interface PageReading extends InputSignals {
  /** whole: every byte; prefix: only the first bytes (longer than the limit); stopped: killed at the deadline, or the parser gave up. */
  parse: PageParse;
  /** Bytes handed to the parser. */
  parsedBytes: number;
}

export interface PageReadOptions {
  /** Aborts the parse (the worker is killed) and rejects with the signal's reason. */
  signal?: AbortSignal;
  deadlineMs?: number;
  /** The bytes are already a cut of a longer page (the fetch stopped at its size cap). */
  cut?: boolean;
}

/** Reads the signals of a page (HTML or text) within the size and time bounds; rejects only when `signal` aborts. */
export async function readPageBounded(bytes: Uint8Array, url: string, options: PageReadOptions = {}): Promise<PageReading> {
  const prefix = bytes.subarray(0, PAGE_PARSE_LIMIT_BYTES);
  const cut = options.cut === true || bytes.length > prefix.length;
  const deadlineMs = options.deadlineMs ?? PAGE_PARSE_DEADLINE_MS;
  const unread = (note: string): PageReading => ({ signals: emptyPageSignals(url), notes: [note], parse: 'stopped', parsedBytes: prefix.length });
  const acquiring = acquireWorker();
  let worker: ParserWorker;
  try {
    worker = await untilAborted(acquiring, options.signal);
  } catch (error) {
    acquiring.then(releaseWorker, () => undefined); // a thread that starts after the abort serves the next page
    if (options.signal?.aborted) throw error;
    return unread(`page could not be parsed (${messageOf(error)})`);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), deadlineMs);
  });
  const startedAt = performance.now();
  try {
    const answer = await untilAborted(Promise.race([worker.read(prefix, url), deadline]), options.signal);
    // A main thread busy past the deadline can take the thread's late answer before its overdue timer (a clean-clone
    // run: a page needing 9 s read "whole" under a 4 s deadline): the deadline is kept by the clock, not by event order.
    if (answer === 'deadline' || performance.now() - startedAt > deadlineMs) {
      worker.kill();
      return unread(`page parsing stopped after ${deadlineMs} ms (a page this complex is hostile or broken): health from the address alone`);
    }
    releaseWorker(worker);
    const notes = cut ? [...answer.notes, `only the first ${prefix.length} bytes of the page were parsed`] : answer.notes;
    return { ...answer, notes, parse: answer.parseFailed ? 'stopped' : cut ? 'prefix' : 'whole', parsedBytes: prefix.length };
  } catch (error) {
    worker.kill();
    if (options.signal?.aborted) throw error;
    return unread(`page could not be parsed (${messageOf(error)})`);
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Starts a parser thread ahead of the first page, so its start-up is not taken from a site's time budget. */
export function prewarmPageReader(): void {
  acquireWorker().then(releaseWorker, () => undefined);
}

/** One parser thread, running the TypeScript worker through tsx like the CLI itself. */
class ParserWorker {
  private readonly worker: Worker;
  readonly ready: Promise<void>;
  private dead = false;

  constructor() {
    const entry = new URL('./page-reader-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
    this.worker = new Worker(code, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`parser exited (${code})`)));
    });
    this.ready.catch(() => this.kill());
    // A thread that dies while idle (out of memory, crash) must not be handed the next page.
    this.worker.once('exit', () => this.forget());
  }

  /** Parses one page; rejects if the thread dies. */
  read(bytes: Uint8Array, url: string): Promise<InputSignals> {
    this.worker.ref();
    return new Promise((resolve, reject) => {
      const onExit = (code: number): void => reject(new Error(`parser exited (${code})`));
      this.worker.once('error', reject);
      this.worker.once('exit', onExit);
      this.worker.once('message', (answer: InputSignals) => {
        this.worker.off('error', reject);
        this.worker.off('exit', onExit);
        resolve(answer);
      });
      this.worker.postMessage({ bytes, url });
    });
  }

  /** Lets the process exit while this thread waits for work. */
  idle(): void {
    this.worker.unref();
  }

  get alive(): boolean {
    return !this.dead;
  }

  kill(): void {
    if (this.forget()) void this.worker.terminate();
  }

  /** Takes this thread out of the count; false when it already was. */
  private forget(): boolean {
    if (this.dead) return false;
    this.dead = true;
    live--;
    wakeOne();
    return true;
  }
}

const idleWorkers: ParserWorker[] = [];
const waiting: (() => void)[] = [];
let live = 0;

async function acquireWorker(): Promise<ParserWorker> {
  for (;;) {
    const reused = idleWorkers.pop();
    if (reused?.alive) return reused;
    if (reused) continue;
    if (live < MAX_WORKERS) {
      live++;
      const worker = new ParserWorker();
      await worker.ready;
      return worker;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

function releaseWorker(worker: ParserWorker): void {
  worker.idle();
  idleWorkers.push(worker);
  wakeOne();
}

function wakeOne(): void {
  waiting.shift()?.();
}
