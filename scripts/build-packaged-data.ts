/**
 * Builds the data the extension reads as packaged files instead of compiling it into its scripts (shipped by
 * vite.config.ts): the health classifier's (`generated/health-domains.json`, `generated/health-model.json`: the packed
 * domain list as committed, the model without the training notes that stay in data/), and the catalog
 * (`generated/catalog.json`: the four files of committed-catalog.ts in one, less what only the data checks read:
 * packagedCatalog in src/core/catalog.ts). A cold worker's first verdict
 * waits for the catalog and the domain list, not the model (src/background/health-data.ts, text-data.ts). The locales
 * need no step: both browsers package `_locales/` as it is. What a starting worker reads before its first verdict goes in
 * one more file, `generated/worker-start.bin` (src/shared/worker-start.ts): the providers table (`generated/asn-hot.bin`,
 * from build-hot-table.ts, run before this), the domain list, the catalog and both locales, the same data as above.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HealthModelData } from '../src/core/health-model.ts';
import committedCatalog from '../src/core/committed-catalog.ts';
import { packagedCatalog } from '../src/core/catalog.ts';
import { CATALOG_FILE } from '../src/platform/packaged-file.ts';
import { packWorkerStart, WORKER_START_FILE } from '../src/shared/worker-start.ts';
import type { PackedHealthDomains } from '../src/core/health-domains.ts';
import type { LocaleMessages } from '../src/shared/i18n.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The packaged files, by name (the background's file names are the same). */
export const PACKAGED_HEALTH_FILES = { domains: 'health-domains.json', model: 'health-model.json' } as const;

/** The model without its training notes. */
export function packagedHealthModel(committed: HealthModelData): Omit<HealthModelData, 'training'> {
  const { training: _training, ...model } = committed;
  return model;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const read = (file: string) => JSON.parse(readFileSync(join(root, 'data', file), 'utf8')) as unknown;
  mkdirSync(join(root, 'generated'), { recursive: true });
  const outputs = {
    [PACKAGED_HEALTH_FILES.domains]: read('health-domains.packed.json'),
    [PACKAGED_HEALTH_FILES.model]: packagedHealthModel(read('health-model.json') as HealthModelData),
    [CATALOG_FILE]: packagedCatalog(committedCatalog!),
  };
  for (const [file, value] of Object.entries(outputs)) {
    const text = JSON.stringify(value);
    writeFileSync(join(root, 'generated', file), text);
    console.log(`generated/${file}: ${(text.length / 1024).toFixed(1)} KB`);
  }
  const locale = (lang: string) => JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8')) as LocaleMessages;
  const workerStart = packWorkerStart(
    {
      catalog: outputs[CATALOG_FILE] as ReturnType<typeof packagedCatalog>,
      healthDomains: outputs[PACKAGED_HEALTH_FILES.domains] as PackedHealthDomains,
      locales: { fr: locale('fr'), en: locale('en') },
    },
    readFileSync(join(root, 'generated', 'asn-hot.bin')),
  );
  writeFileSync(join(root, 'generated', WORKER_START_FILE), workerStart);
  console.log(`generated/${WORKER_START_FILE}: ${(workerStart.byteLength / 1024).toFixed(1)} KB`);
}
