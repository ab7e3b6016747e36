import type { HostEntry, Level, TabReport } from '../core/types.ts';
import { groupThirdParties } from '../core/report.ts';
import { translate, translateCount, type Lang } from '../shared/i18n.ts';
import { levelName } from '../shared/verdict-text.ts';
import { LevelLabel } from '../ui/level-label.tsx';
import { headlineParts } from './verdict-headline.tsx';

/**
 * A third party's level in words: the level's one name, except that the EU+ caveat speaks of the third party's offer
 * (the level's own caveat is about the site's offer, which a third party is not).
 */
export function thirdPartyLevelName(level: Level, lang: Lang): string {
  const name = levelName(level, lang);
  if (level !== 'secnumcloud-provider') return name;
  return `${headlineParts(name).heading} — ${translate(lang, 'third_offer_unverifiable')}`;
}

/** "3 fournisseurs tiers, dont 1 hors UE soumis à une loi extraterritoriale.", with real plurals. */
export function thirdPartySummary(lang: Lang, groups: number, extraEu: number): string {
  return translate(lang, 'third_summary', translateCount(lang, 'third_groups', groups), translateCount(lang, 'third_extra', extraEu));
}

function HostRow(props: { entry: HostEntry; lang: Lang }) {
  const { entry, lang } = props;
  return (
    <li class={entry.sentData ? 'sent' : undefined} data-host={entry.verdict.host}>
      <code>{entry.verdict.host}</code> <span class="muted">({entry.requests})</span>
      {entry.sentData ? <strong class="sent-marker"> {translateCount(lang, 'third_sent', entry.sentData)}</strong> : null}
    </li>
  );
}

/** Providers the page contacted besides its own host, grouped, with the requests that sent data out highlighted. */
export function ThirdPartiesSection(props: { report: TabReport; lang: Lang }) {
  const { report, lang } = props;
  const groups = groupThirdParties(report);
  const extraEu = groups.filter((g) => g.level === 'extra-eu').length;
  return (
    <section aria-labelledby="third-title">
      <details open={groups.some((g) => g.sentData > 0)}>
        <summary>
          <h2 id="third-title">{translate(lang, 'third_title')}</h2>
          {groups.length ? <span class="muted"> ({groups.length})</span> : null}
        </summary>
        <div data-testid="third-parties">
          {report.thirdParties === 'none' || report.thirdParties === 'partial' ? (
            <p class="muted" data-testid="third-observation">
              {translate(lang, report.thirdParties === 'none' ? 'third_notObserved' : 'third_partial')}
            </p>
          ) : null}
          {groups.length === 0 ? (
            report.thirdParties === 'none' ? null : <p>{translate(lang, 'third_none')}</p>
          ) : (
            <>
              <p>{thirdPartySummary(lang, groups.length, extraEu)}</p>
              <ul class="third-groups">
                {groups.map((group) => (
                  <li
                    key={group.key}
                    class={group.sentData ? 'third-group sent' : 'third-group'}
                    data-testid="third-party"
                    data-provider={group.key}
                    data-sent={group.sentData}
                  >
                    <div class="third-head">
                      <strong>{group.label || translate(lang, 'third_unknown_group')}</strong>
                      <LevelLabel level={group.level} lang={lang} name={thirdPartyLevelName(group.level, lang)} />
                    </div>
                    <div class="muted">{translate(lang, 'third_counts', group.hosts.length, group.requests)}</div>
                    {group.sentData ? <div class="sent-marker">{translateCount(lang, 'third_sent', group.sentData)}</div> : null}
                    <details>
                      <summary>{translate(lang, 'third_hosts')}</summary>
                      <ul>
                        {group.hosts.map((entry) => (
                          <HostRow key={entry.verdict.host} entry={entry} lang={lang} />
                        ))}
                      </ul>
                    </details>
                  </li>
                ))}
              </ul>
            </>
          )}
          {report.droppedHosts > 0 ? <p class="muted">{translateCount(lang, 'third_dropped', report.droppedHosts)}</p> : null}
        </div>
      </details>
    </section>
  );
}
