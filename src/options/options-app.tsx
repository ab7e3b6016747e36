import { useCallback, useEffect, useState } from 'preact/hooks';
import type { HistoryEntry } from '../shared/history.ts';
import type { ProviderRule } from '../core/types.ts';
import { translate } from '../shared/i18n.ts';
import { resolveLang, type Lang } from '../shared/lang.ts';
import type { Settings } from '../shared/settings.ts';
import type { LoadedSettings } from '../ui/extension-settings.ts';
import { BadgeKey } from '../ui/badge-key.tsx';
import { AboutSection } from './about-section.tsx';
import { DismissedBadges } from './dismissed-badges.tsx';
import { DisplaySettings } from './display-settings.tsx';
import { historyCsv } from './history-csv.ts';
import { HistorySection, sanitizeHistory } from './history-section.tsx';
import { RulesEditor } from './rules-editor.tsx';
import { SiteOverrides } from './site-overrides.tsx';

/** What the options page needs from the browser; main.tsx gives the real ones, tests give fakes. */
export interface OptionsPorts {
  initialLang: Lang;
  uiLanguage: string;
  version: string;
  load(): Promise<LoadedSettings>;
  /** Merges a change into the user's stored settings. */
  save(change: Partial<Settings>): Promise<void>;
  readHistory(): Promise<unknown>;
  deleteHistory(): Promise<void>;
  downloadText(fileName: string, text: string, type: string): void;
  /** Calls back when settings or history change in storage. */
  subscribe(listener: () => void): void;
  now(): Date;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The options page: display, badge key, custom rules, reclassified sites, hidden badges, local history, about. */
export function OptionsApp(props: { ports: OptionsPorts }) {
  const { ports } = props;
  const [loaded, setLoaded] = useState<LoadedSettings | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [status, setStatus] = useState('');
  const lang: Lang = loaded ? resolveLang(loaded.settings.language, ports.uiLanguage) : ports.initialLang;

  const refresh = useCallback(async () => {
    const [next, stored] = await Promise.all([ports.load(), ports.readHistory()]);
    setLoaded(next);
    setHistory(sanitizeHistory(stored));
  }, [ports]);

  useEffect(() => {
    void refresh();
    ports.subscribe(() => void refresh());
  }, [ports, refresh]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'options_title');
  }, [lang]);

  const save = async (change: Partial<Settings>): Promise<void> => {
    try {
      await ports.save(change);
      await refresh();
      setStatus(translate(resolveLang(change.language ?? loaded?.settings.language ?? 'auto', ports.uiLanguage), 'options_saved'));
    } catch (error) {
      setStatus(translate(lang, 'options_save_failed', errorText(error)));
    }
  };

  if (!loaded) {
    return (
      <main>
        <p role="status" data-testid="options-loading">
          {translate(lang, 'options_loading')}
        </p>
      </main>
    );
  }
  const { settings, locked } = loaded;
  return (
    <main data-testid="options">
      <h1>{translate(lang, 'options_title')}</h1>
      <p class="status save-status" role="status" data-testid="options-status">
        {status}
      </p>
      <DisplaySettings settings={settings} locked={locked} lang={lang} onChange={(change) => void save(change)} />
      <BadgeKey lang={lang} />
      <RulesEditor
        rules={settings.rules}
        locked={locked.includes('rules')}
        lang={lang}
        onSave={(userRules: ProviderRule[]) => save({ rules: userRules })}
      />
      <SiteOverrides overrides={settings.siteOverrides} lang={lang} onChange={(siteOverrides) => void save({ siteOverrides })} />
      <DismissedBadges sites={settings.dismissedBadges} lang={lang} onChange={(dismissedBadges) => void save({ dismissedBadges })} />
      <HistorySection
        enabled={settings.history}
        locked={locked.includes('history')}
        entries={history}
        lang={lang}
        onToggle={(enabled) => void save({ history: enabled })}
        onExport={() => ports.downloadText(`vigie-history-${ports.now().toISOString().slice(0, 10)}.csv`, historyCsv(history, lang), 'text/csv;charset=utf-8')}
        onDelete={() =>
          void ports
            .deleteHistory()
            .then(refresh)
            .then(() => setStatus(translate(lang, 'options_history_deleted')))
        }
      />
      <AboutSection version={ports.version} lang={lang} now={ports.now()} />
    </main>
  );
}
