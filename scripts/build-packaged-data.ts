/**
 * Builds the health classifier's data as the extension's background loads it (`generated/health-domains.json`,
 * `generated/health-model.json`, shipped as plain files by vite.config.ts): the packed domain list as committed
 * (data/health-domains.packed.json), the model without the training notes that stay in data/. The background fetches
 * these files instead of compiling them into its scripts: a cold worker's first verdict waits for none of them but the
 * domain list (src/background/health-data.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HealthModelData } from '../src/core/health-model.ts';

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
  };
  for (const [file, value] of Object.entries(outputs)) {
    const text = JSON.stringify(value);
    writeFileSync(join(root, 'generated', file), text);
    console.log(`generated/${file}: ${(text.length / 1024).toFixed(1)} KB`);
  }
}
