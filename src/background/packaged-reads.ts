/**
 * What a cold worker's first verdict waits for (the providers routing table, the health domain list, the catalog, the
 * locales), read from one packaged file (src/shared/worker-start.ts) asked for before any other module of the background
 * is evaluated (index.ts imports this one first): the read then overlaps the evaluation of everything else instead of
 * starting after it. This module is in a chunk of its own whose only import is a chunk that imports nothing
 * (packaged-file.ts, extension-api.ts, lang.ts; vite.config.ts): a chunk runs only after the chunks it imports, and the background's
 * others import the shared ones (code shared with the pages). The pages never import this chunk.
 */
import { packagedFile } from '../platform/packaged-file.ts';
import { unpackWorkerStart, WORKER_START_FILE, type WorkerStartData } from '../shared/worker-start.ts';
import { startup } from './startup.ts';

/** When the read was asked for (performance.now()), for the worker's own timings. */
export const readsAskedAt = (startup.firstScriptMs = performance.now());

const workerStart = packagedFile(WORKER_START_FILE)
  .then((response) => response.arrayBuffer())
  .then((bytes) => {
    startup.hotTableBytesMs = performance.now();
    return unpackWorkerStart(bytes);
  });

export const hotTableRead: Promise<Uint8Array> = workerStart.then((start) => start.hotTable);
export const healthDomainsRead: Promise<WorkerStartData['healthDomains']> = workerStart.then((start) => start.data.healthDomains);
export const catalogRead: Promise<WorkerStartData['catalog']> = workerStart.then((start) => start.data.catalog);
export const localesRead: Promise<WorkerStartData['locales']> = workerStart.then((start) => start.data.locales);
