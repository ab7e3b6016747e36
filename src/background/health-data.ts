/**
 * The health classifier's data in the background, read from packaged files (scripts/build-packaged-data.ts) rather
 * than compiled into the worker's scripts, which a cold worker compiles before anything else. The domain list is read
 * at worker start, with the providers table (packaged-reads.ts), and is part of the readiness barrier: the
 * observation scope needs it for a page's first response. The model (the larger file) is read once the first verdict
 * is shown (after-first-verdict.ts), or at once when a page's message needs it first.
 */
import type { HealthData } from '../core/health-classifier.ts';
import { HealthDomainList } from '../core/health-domains.ts';
import { loadHealthModel, type HealthModelData } from '../core/health-model.ts';
import { packagedFile } from '../platform/packaged-file.ts';
import { healthDomainsRead } from './packaged-reads.ts';

export const HEALTH_MODEL_FILE = 'health-model.json';

let domains: HealthDomainList | null = null;
let data: HealthData | null = null;
let loadingModel: Promise<HealthData> | undefined;

/** Resolves once the domain list is read (or failed to be: then `listedHealthDomain` treats every site as listed). */
export const healthDomainsReady: Promise<void> = healthDomainsRead.then(
  (packed) => void (domains = new HealthDomainList(packed)),
  (error: unknown) => console.error('Vigie: health domain list failed to load', error),
);

/**
 * True when a host is on the domain list. Without the list (a broken package), true: observing a page for nothing
 * costs time, missing a health page's third parties costs the truth.
 */
export function listedHealthDomain(host: string): boolean {
  return domains === null || domains.match(host) !== null;
}

/** Resolves once the model is read too; a failed read is tried again at the next call. */
export function healthDataReady(): Promise<HealthData> {
  if (data) return Promise.resolve(data);
  loadingModel ??= Promise.all([packagedFile(HEALTH_MODEL_FILE).then((r) => r.json() as Promise<HealthModelData>), healthDomainsReady]).then(
    ([model]) => (data = { model: loadHealthModel(model), domains: domains ?? HealthDomainList.EMPTY }),
    (error: unknown) => {
      loadingModel = undefined;
      throw error;
    },
  );
  return loadingModel;
}
