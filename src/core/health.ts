/**
 * The health classifier and the domain list bound to the committed data (data/health-model.json,
 * data/health-domains.packed.json), for Node: the CLI, scripts, benches and tests. The extension's background never imports
 * this module (a unit test checks): it loads packaged copies of the same data, so its worker does not compile them.
 */
import modelData from '../../data/health-model.json' with { type: 'json' };
import packedDomains from '../../data/health-domains.packed.json' with { type: 'json' };
import { classifyHealthWith, type ClassifyOptions, type HealthData } from './health-classifier.ts';
import { HealthDomainList, type DomainListVerdict, type HealthDomainMatch, type PackedHealthDomains } from './health-domains.ts';
import { loadHealthModel, type HealthModelData } from './health-model.ts';
import type { HealthVerdict, PageSignals } from './types.ts';

export type { ClassifyOptions, HealthData, HealthFieldId, HealthReasonCode, HealthReasonKey } from './health-classifier.ts';
export type { DomainListVerdict, HealthDomain, HealthDomainMatch } from './health-domains.ts';

/** The committed model and domain list, decoded once. */
export const HEALTH_DATA: HealthData = {
  model: loadHealthModel(modelData as unknown as HealthModelData),
  domains: new HealthDomainList(packedDomains as PackedHealthDomains),
};

/** Classifies page signals with the committed data (see classifyHealthWith). */
export function classifyHealth(signals: PageSignals, options: ClassifyOptions = {}): HealthVerdict {
  return classifyHealthWith(HEALTH_DATA, signals, options);
}

/** The committed list's entry for a host, or null. */
export function matchHealthDomain(host: string): HealthDomainMatch | null {
  return HEALTH_DATA.domains.match(host);
}

/** The committed list's verdict on a page URL, or null when its host is not listed. */
export function domainListVerdict(url: URL): DomainListVerdict | null {
  return HEALTH_DATA.domains.verdict(url);
}
