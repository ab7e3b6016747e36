/** The short Markdown summary a user copies from the popup: the verdict and the facts to check it, nothing more. */
import type { TabReport } from '../core/types.ts';
import { groupThirdParties } from '../core/report.ts';
import { dataDates, offersOf } from '../core/catalog.ts';
import { evidenceSentence } from '../shared/evidence-text.ts';
import { formatIsoDate, formatUtcMoment } from '../shared/format-date.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { levelCode, levelCountry, levelName, verdictSentence } from '../shared/verdict-text.ts';
import { confidenceText, providerLabel } from './verdict-headline.tsx';
import { evidenceKindText } from './evidence-section.tsx';
import { thirdPartySummary } from './third-parties-section.tsx';
import { hostingFacts, licensedTechnologySuffix } from './hosting-facts.ts';
import { offerStateText } from './qualifications-section.tsx';

function line(lang: Lang, label: string, value: string | number): string {
  return translate(lang, 'popup_md_line', label, String(value));
}

/** Markdown for one tab's report, in the chosen language, stamped with the time and the data dates. */
export function reportMarkdown(report: TabReport, lang: Lang, now: Date): string {
  const lines = [`## ${translate(lang, 'report_title', report.host || report.url)}`, '', verdictSentence(report, lang, now), ''];
  const verdict = report.main;
  if (report.pageKind === 'web' && verdict) {
    lines.push(line(lang, translate(lang, 'popup_level_label'), `${levelName(verdict.level, lang)} (${levelCode(verdict.level, lang, levelCountry(verdict))})`));
    if (verdict.provider) lines.push(line(lang, translate(lang, 'evidence_provider'), providerLabel(report, lang) + licensedTechnologySuffix(lang, verdict.provider.id)));
    lines.push(line(lang, translate(lang, 'evidence_ip'), verdict.ip ?? translate(lang, 'evidence_ip_none')));
    if (verdict.asn !== null) lines.push(line(lang, translate(lang, 'evidence_as'), `AS${verdict.asn} ${verdict.asName ?? ''}`.trim()));
    const confidence = confidenceText(verdict, lang);
    if (confidence) lines.push(line(lang, translate(lang, 'evidence_confidence'), confidence));
    for (const fact of hostingFacts(verdict, lang)) lines.push(line(lang, fact.label, fact.value));
    for (const offer of verdict.provider ? offersOf(verdict.provider.id) : []) {
      const state = offerStateText(lang, offer, now);
      lines.push(line(lang, `${translate(lang, 'qual_snc_heading')}, ${offer.offer}`, state.detail ? `${state.status}. ${state.detail}` : state.status));
    }
    const clues = verdict.evidence.map((e) => e.subject).filter(Boolean);
    if (clues.length) lines.push(line(lang, translate(lang, 'evidence_how'), clues.join(', ')));
    // Each clue's sentence, in the report's language, under the list of what was seen.
    for (const clue of verdict.evidence) {
      const says = evidenceSentence(lang, clue);
      if (says) lines.push(`  ${line(lang, evidenceKindText(lang, clue, verdict), says)}`);
    }
  }
  if (report.health) lines.push(line(lang, translate(lang, 'health_title'), translate(lang, report.health.health ? 'popup_yes' : 'popup_no')));
  const groups = groupThirdParties(report);
  if (groups.length) {
    const extraEu = groups.filter((g) => g.level === 'extra-eu').length;
    lines.push(line(lang, translate(lang, 'third_title'), thirdPartySummary(lang, groups.length, extraEu)));
  }
  const dates = dataDates();
  lines.push(line(lang, 'URL', report.url));
  // Dates in words in the reader's language, as the popup writes them; the moment in UTC, which it says.
  lines.push(line(lang, translate(lang, 'popup_md_date'), formatUtcMoment(lang, now)));
  lines.push(
    line(
      lang,
      translate(lang, 'qual_lists'),
      [
        translate(lang, 'qual_list_providers', formatIsoDate(lang, dates.providers)),
        translate(lang, 'qual_list_secnumcloud', formatIsoDate(lang, dates.secnumcloud)),
        translate(lang, 'qual_list_hds', formatIsoDate(lang, dates.hds)),
      ].join(translate(lang, 'evidence_separator')),
    ),
  );
  lines.push('', translate(lang, 'popup_md_sources'));
  return lines.join('\n');
}
