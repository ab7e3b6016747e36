/**
 * Both locales as committed in _locales/, for Node (the CLI, benches and tests: i18n.ts installs them when it loads).
 * The extension's build replaces this module with `export default null` (vite.config.ts): its contexts read the
 * locale they speak from the package's own `_locales/<lang>/messages.json` (src/shared/packaged-data.ts).
 */
import fr from '../../_locales/fr/messages.json' with { type: 'json' };
import en from '../../_locales/en/messages.json' with { type: 'json' };
import type { Lang, LocaleMessages } from './i18n.ts';

/** Every message key; French is the reference language. */
export type MessageKey = keyof typeof fr;

const committed: Record<Lang, LocaleMessages> | null = { fr, en };
export default committed;
