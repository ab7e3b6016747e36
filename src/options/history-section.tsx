import type { HistoryEntry } from '../shared/history.ts';
import { isLevel } from '../shared/levels.ts';
import { translate, translateCount, type Lang } from '../shared/i18n.ts';
import { formatMoment } from '../shared/format-date.ts';
import { LevelLabel } from '../ui/level-label.tsx';
import { LockedNote } from './locked-note.tsx';

/** Rows shown; the export holds everything. */
const SHOWN_ROWS = 200;

/** Keeps only well-formed history entries, so a corrupt store cannot break the page. */
export function sanitizeHistory(value: unknown): HistoryEntry[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is HistoryEntry =>
      typeof e === 'object' &&
      e !== null &&
      typeof e.at === 'string' &&
      typeof e.host === 'string' &&
      typeof e.level === 'string' &&
      isLevel(e.level) &&
      (e.provider === null || typeof e.provider === 'string') &&
      (e.asn === null || typeof e.asn === 'number'),
  );
}

/** The opt-in local history: the switch, the latest entries, export and delete. */
export function HistorySection(props: {
  enabled: boolean;
  locked: boolean;
  entries: HistoryEntry[];
  lang: Lang;
  onToggle: (enabled: boolean) => void;
  onExport: () => void;
  onDelete: () => void;
}) {
  const { enabled, locked, entries, lang } = props;
  const latest = [...entries].reverse().slice(0, SHOWN_ROWS);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{translate(lang, 'options_history_heading')}</h2>
      <p class="muted">{translate(lang, 'options_history_intro')}</p>
      <p>
        <label class="choice">
          <input
            type="checkbox"
            data-testid="history-enable"
            checked={enabled}
            disabled={locked}
            aria-describedby={locked ? 'history-locked' : undefined}
            onChange={(event) => props.onToggle(event.currentTarget.checked)}
          />
          {translate(lang, 'options_history_enable')}
        </label>
        {locked ? <LockedNote lang={lang} id="history-locked" /> : null}
      </p>
      {entries.length ? (
        <>
          <p data-testid="history-count">{translateCount(lang, 'options_history_count', entries.length)}</p>
          <div class="table-scroll">
            <table data-testid="history">
              <thead>
                <tr>
                  <th scope="col">{translate(lang, 'options_history_date')}</th>
                  <th scope="col">{translate(lang, 'options_history_site')}</th>
                  <th scope="col">{translate(lang, 'options_history_level')}</th>
                  <th scope="col">{translate(lang, 'options_history_provider')}</th>
                  <th scope="col">{translate(lang, 'options_history_asn')}</th>
                </tr>
              </thead>
              <tbody>
                {latest.map((entry, index) => (
                  <tr key={`${entry.at}-${index}`}>
                    <td>{formatMoment(lang, entry.at)}</td>
                    <td>
                      <code>{entry.host}</code>
                    </td>
                    <td>
                      <LevelLabel level={entry.level} lang={lang} />
                    </td>
                    <td>{entry.provider ?? '—'}</td>
                    <td>{entry.asn !== null ? `AS${entry.asn}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="button-row">
            <button type="button" data-testid="history-export" onClick={props.onExport}>
              {translate(lang, 'options_history_export')}
            </button>
            <button type="button" data-testid="history-delete" onClick={props.onDelete}>
              {translate(lang, 'options_history_delete')}
            </button>
          </div>
        </>
      ) : (
        <p data-testid="history-count">{translate(lang, 'options_history_empty')}</p>
      )}
    </section>
  );
}
