/**
 * The catalog's files as committed in data/, for Node (the CLI, scripts, benches and tests: catalog.ts installs them
 * when it loads). The extension's build replaces this module with `export default null` (vite.config.ts): its
 * contexts read the same files packaged as `catalog.json` (scripts/build-packaged-data.ts), so that a starting worker
 * does not compile 230 kB of data into its scripts.
 */
import providers from '../../data/providers.json' with { type: 'json' };
import secnumcloud from '../../data/secnumcloud.json' with { type: 'json' };
import hds from '../../data/hds.json' with { type: 'json' };
import fingerprints from '../../data/fingerprints.json' with { type: 'json' };
import type { CatalogFiles } from './catalog.ts';

const committed: CatalogFiles | null = { providers, secnumcloud, hds, fingerprints } as unknown as CatalogFiles;
export default committed;
