import { useEffect, useState } from 'preact/hooks';
import { translate, type Lang } from '../shared/i18n.ts';
import { BadgeKey } from '../ui/badge-key.tsx';

/** What the first-run page needs from the browser; main.tsx gives the real ones, tests give fakes. */
export interface WelcomePorts {
  initialLang: Lang;
  loadLang(): Promise<Lang>;
  openOptions(): Promise<void>;
  /** Calls back when settings change, so a language chosen in the options applies here at once. */
  subscribe(listener: () => void): void;
}

/** The page opened once on install: what Vigie does, that nothing is sent, and the badge key. */
export function WelcomeApp(props: { ports: WelcomePorts }) {
  const { ports } = props;
  const [lang, setLang] = useState<Lang>(ports.initialLang);
  useEffect(() => {
    const refresh = () =>
      void ports
        .loadLang()
        .then(setLang)
        .catch(() => undefined);
    refresh();
    ports.subscribe(refresh);
  }, [ports]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'welcome_title');
  }, [lang]);
  return (
    <main data-testid="welcome">
      <h1>{translate(lang, 'welcome_title')}</h1>
      <p>{translate(lang, 'welcome_intro')}</p>
      <p data-testid="welcome-private">{translate(lang, 'welcome_private')}</p>
      <BadgeKey lang={lang} />
      <p class="muted">{translate(lang, 'welcome_once')}</p>
      <button type="button" class="primary" data-testid="welcome-options" onClick={() => void ports.openOptions()}>
        {translate(lang, 'welcome_options')}
      </button>
    </main>
  );
}
