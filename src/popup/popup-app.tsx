import { useCallback, useEffect, useState } from 'preact/hooks';
import type { TabReport } from '../core/types.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { ExternalLink } from '../ui/external-link.tsx';
import { fieldLabel } from '../ui/field-label.ts';
import { formatTime } from '../shared/format-date.ts';
import { EvidenceSection } from './evidence-section.tsx';
import { HealthSection, type SiteOverride } from './health-section.tsx';
import { QualificationsSection } from './qualifications-section.tsx';
import { ForYou } from './for-you.tsx';
import { reportFileName, reportHtml } from './report-html.ts';
import { reportMarkdown } from './report-markdown.ts';
import { ThirdPartiesSection } from './third-parties-section.tsx';
import { VerdictHeadline } from './verdict-headline.tsx';
import { dpoMessage, WhatToDo } from './what-to-do.tsx';
import { WhyItMatters } from './why-it-matters.tsx';
import { PageBadgeUndo } from './page-badge-undo.tsx';
import type { PageBadgeDismissal } from '../shared/messages.ts';

/** What the popup needs from the browser; main.tsx gives the real ones, tests give fakes. */
export interface PopupPorts {
  initialLang: Lang;
  loadLang(): Promise<Lang>;
  /** The tab to describe: `?tabId=N` when given, else the active tab. */
  tabId(): Promise<number | undefined>;
  getReport(tabId: number): Promise<TabReport | null>;
  setSiteOverride(tabId: number, value: SiteOverride): Promise<{ ok: boolean }>;
  /** Whether the page badge is hidden on the tab's site, and the undo. */
  getPageBadge(tabId: number): Promise<PageBadgeDismissal | null>;
  showPageBadgeAgain(tabId: number): Promise<{ ok: boolean }>;
  openOptions(): Promise<void>;
  copyText(text: string): Promise<void>;
  downloadText(fileName: string, text: string, type: string): void;
  now(): Date;
  /** Vigie's version, printed in exported reports. */
  version: string;
}

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; tabId: number | undefined; report: TabReport | null };

/** The state a popup shows, as tests and styles see it (data-state on <main>). */
export type PopupState = 'loading' | 'error' | 'no-page' | 'waiting' | 'did-not-load' | 'unknown' | 'verdict';

/** How often, and how many times, the popup asks again while the server has not answered yet. */
const WAIT_POLL_MS = 1_000;
const WAIT_POLL_MAX = 30;

const badgeLoaders = new Map<number, () => Promise<PageBadgeDismissal | null>>();
/** One loader per tab, so the undo line asks once, not on every render. */
function badgeLoader(ports: PopupPorts, tabId: number): () => Promise<PageBadgeDismissal | null> {
  let loader = badgeLoaders.get(tabId);
  if (!loader) badgeLoaders.set(tabId, (loader = () => ports.getPageBadge(tabId)));
  return loader;
}

function stateOf(load: Load): PopupState {
  if (load.kind !== 'ready') return load.kind;
  const report = load.report;
  if (!report || report.pageKind !== 'web') return 'no-page';
  if (!report.main) return report.loadError ? 'did-not-load' : 'waiting';
  return report.main.level === 'unknown' ? 'unknown' : 'verdict';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The popup: the verdict first (code, name, the sentence that explains it), what it means for the visitor, the
 * actions, what the visitor can do; then, collapsed, the dated legal facts, the evidence, qualifications, third
 * parties and health. Everything up to the actions fits a 400 x 600 popup without scrolling.
 */
export function PopupApp(props: { ports: PopupPorts }) {
  const { ports } = props;
  const [lang, setLang] = useState<Lang>(ports.initialLang);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');

  const fetchReport = useCallback(
    async (tabId: number | undefined): Promise<void> => {
      try {
        const report = tabId === undefined ? null : await ports.getReport(tabId);
        setLoad({ kind: 'ready', tabId, report: report ?? null });
      } catch (error) {
        setLoad({ kind: 'error', message: errorText(error) });
      }
    },
    [ports],
  );

  useEffect(() => {
    const language = ports.loadLang().catch(() => ports.initialLang);
    void language.then(setLang);
    // The verdict shows in the user's language from the start, never first in the browser's (the settings can take
    // a storage read).
    void ports
      .tabId()
      .then(async (tabId) => {
        await language;
        await fetchReport(tabId);
      })
      .catch((error: unknown) => setLoad({ kind: 'error', message: errorText(error) }));
  }, [ports, fetchReport]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'popup_title');
  }, [lang]);

  const state = stateOf(load);
  const tabId = load.kind === 'ready' ? load.tabId : undefined;

  // While the server has not answered, or the page has not been read yet (its health decision and the steps that
  // depend on it), ask again briefly so the popup fills in by itself.
  const healthPending = load.kind === 'ready' && load.report?.pageKind === 'web' && load.report.main !== null && load.report.health === null;
  const [polls, setPolls] = useState(0);
  useEffect(() => {
    if ((state !== 'waiting' && !healthPending) || polls >= WAIT_POLL_MAX) return undefined;
    const timer = setTimeout(() => {
      setPolls((n) => n + 1);
      void fetchReport(tabId);
    }, WAIT_POLL_MS);
    return () => clearTimeout(timer);
  }, [state, healthPending, polls, tabId, fetchReport]);

  const onOverride = async (value: SiteOverride): Promise<void> => {
    if (tabId === undefined) return;
    setBusy(true);
    try {
      const reply = await ports.setSiteOverride(tabId, value);
      if (!reply?.ok) setStatus(translate(lang, 'health_override_failed'));
      await fetchReport(tabId);
    } catch {
      setStatus(translate(lang, 'health_override_failed'));
    } finally {
      setBusy(false);
    }
  };

  const report = load.kind === 'ready' ? load.report : null;

  const onCopy = async (): Promise<void> => {
    if (!report) return;
    try {
      await ports.copyText(reportMarkdown(report, lang, ports.now()));
      setStatus(translate(lang, 'action_copied'));
    } catch {
      setStatus(translate(lang, 'action_copy_failed'));
    }
  };

  const onExport = (): void => {
    if (!report) return;
    const now = ports.now();
    ports.downloadText(reportFileName(report, now), reportHtml(report, lang, now, ports.version), 'text/html;charset=utf-8');
    setStatus(translate(lang, 'action_exported'));
  };

  const onCopyDpoMessage = async (): Promise<void> => {
    if (!report) return;
    try {
      await ports.copyText(dpoMessage(lang, report.host || report.url));
      setStatus(translate(lang, 'todo_copied'));
    } catch {
      setStatus(translate(lang, 'action_copy_failed'));
    }
  };

  const now = ports.now();
  // A page that did not load (the browser's error page) has no host to report on: no export, health or third parties.
  const webPage = report !== null && report.pageKind === 'web' && !report.loadError;
  return (
    <main data-state={state} aria-busy={state === 'loading'}>
      {load.kind === 'loading' ? (
        <p data-testid="state-loading" role="status">
          {translate(lang, 'popup_loading')}
        </p>
      ) : null}
      {load.kind === 'error' ? (
        <section class="headline" role="alert">
          <h1 data-testid="headline">{translate(lang, 'popup_error')}</h1>
          {/* The browser's own words (often English) help support; they stay out of the localised sentence. */}
          {load.message ? (
            <p class="muted" data-testid="error-detail">
              {fieldLabel(lang, translate(lang, 'popup_error_detail'))}
              <code>{load.message}</code>
            </p>
          ) : null}
        </section>
      ) : null}
      {load.kind === 'ready' && !report ? (
        <section class="headline">
          <h1 data-testid="headline">{translate(lang, 'popup_no_report')}</h1>
        </section>
      ) : null}
      {report ? <VerdictHeadline report={report} lang={lang} now={now} /> : null}
      {report && report.pageKind === 'web' && report.main ? <ForYou report={report} lang={lang} /> : null}
      <section class="actions" aria-labelledby="actions-title">
        <h2 id="actions-title" class="visually-hidden">
          {translate(lang, 'action_title')}
        </h2>
        <div class="button-row">
          {webPage ? (
            <>
              <button type="button" class="primary" data-testid="action-export" onClick={onExport}>
                {translate(lang, 'action_export')}
              </button>
              <button type="button" data-testid="action-copy" onClick={() => void onCopy()}>
                {translate(lang, 'action_copy')}
              </button>
            </>
          ) : null}
          <button type="button" data-testid="action-options" onClick={() => void ports.openOptions()}>
            {translate(lang, 'action_options')}
          </button>
        </div>
        <p class="status" role="status" data-testid="action-status">
          {status}
        </p>
      </section>
      {report && report.pageKind === 'web' && report.main ? (
        <>
          <WhatToDo lang={lang} health={report.health} onCopyMessage={() => void onCopyDpoMessage()} />
          <WhyItMatters lang={lang} now={now} />
          <EvidenceSection verdict={report.main} lang={lang} />
          <QualificationsSection
            provider={report.main.provider}
            lang={lang}
            now={now}
            open={report.main.level === 'secnumcloud' || report.main.level === 'secnumcloud-provider'}
          />
        </>
      ) : null}
      {webPage ? (
        <>
          <ThirdPartiesSection report={report} lang={lang} />
          <HealthSection health={report.health} recognisedOn={report.recognisedOn} lang={lang} busy={busy} onOverride={(value) => void onOverride(value)} />
          {tabId !== undefined ? <PageBadgeUndo lang={lang} load={badgeLoader(ports, tabId)} showAgain={() => ports.showPageBadgeAgain(tabId)} /> : null}
        </>
      ) : null}
      <footer class="muted">
        {report && report.pageKind === 'web' ? <p>{translate(lang, 'popup_updated', formatTime(lang, report.updatedAt))}</p> : null}
        <p>
          {translate(lang, 'popup_credit')}{' '}
          <ExternalLink href="https://db-ip.com" newTabLabel={translate(lang, 'why_new_tab')}>
            IP Geolocation by DB-IP
          </ExternalLink>
        </p>
      </footer>
    </main>
  );
}
