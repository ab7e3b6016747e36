/**
 * The packaged files a cold worker's first verdict waits for (the providers routing table, the health domain list),
 * asked for before any other module of the background is evaluated (index.ts imports this one first): their reads
 * then overlap the evaluation of everything else instead of starting after it.
 */
import { packagedFile } from '../platform/browser.ts';

export const HOT_TABLE_FILE = 'asn-hot.bin';
export const HEALTH_DOMAINS_FILE = 'health-domains.json';

/** When the reads were asked for (performance.now()), for the worker's own timings. */
export const readsAskedAt = performance.now();
export const hotTableRead: Promise<Response> = packagedFile(HOT_TABLE_FILE);
export const healthDomainsRead: Promise<Response> = packagedFile(HEALTH_DOMAINS_FILE);
