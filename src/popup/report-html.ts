/**
 * The report a DPO can file: one self-contained, dated HTML document (inline styles, no script, no remote resource)
 * with the page's verdict, evidence, the provider's qualifications, third parties, the dated legal texts and their
 * sources, the data dates and Vigie's version. Printable to PDF from the browser.
 */
import routingPackage from '@ip-location-db/asn/package.json' with { type: 'json' };
import type { TabReport } from '../core/types.ts';
import { dataDates, hdsOf, offersOf, providerById } from '../core/catalog.ts';
import { groupThirdParties } from '../core/report.ts';
import { evidenceSentence } from '../shared/evidence-text.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { LEVEL_STYLES } from '../shared/levels.ts';
import { levelCode, levelCountry, levelName, verdictSentence } from '../shared/verdict-text.ts';
import { formatIsoDate, formatMoment, formatUtcMoment } from '../shared/format-date.ts';
import { LEGAL_STATEMENTS } from '../ui/legal.ts';
import { evidenceKindText, ipText, roleText } from './evidence-section.tsx';
import { hdsDatesNoteText, hdsText, offerStateText } from './qualifications-section.tsx';
import { hostingFacts, licensedTechnologySuffix } from './hosting-facts.ts';
import { thirdPartyLevelName, thirdPartySummary } from './third-parties-section.tsx';
import { confidenceText, providerLabel } from './verdict-headline.tsx';
import { checkedText } from './why-it-matters.tsx';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Only http(s) links are kept as links; anything else is shown as text. */
function link(url: string, title: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a> <span class="url">${escapeHtml(url)}</span>` : escapeHtml(title);
}

function row(label: string, value: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #c9ced6}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #e1e4e8}
th{width:30%;font-weight:600}.code{display:inline-block;padding:0 .4em;border-radius:4px;font-weight:700}
.muted,.url{color:#4f5661}.url{font-size:.85em;overflow-wrap:anywhere}a{color:#0b57d0}
.level{font-size:1.2rem;font-weight:650}.warning{background:#fff4d6;color:#5c3d00;padding:0 .3em}
@media print{.no-print{display:none}body{margin:0;max-width:none}a{color:inherit}}
`;

/** The report document for one tab, in one language, dated `now`, naming Vigie's `version`. */
export function reportHtml(report: TabReport, lang: Lang, now: Date, version: string): string {
  const t = (key: Parameters<typeof translate>[1], ...subs: (string | number)[]) => translate(lang, key, ...subs);
  const verdict = report.pageKind === 'web' ? report.main : null;
  // The reader's local time, then the same moment in UTC, in words (an ISO timestamp says UTC only to a machine).
  const generated = `${formatMoment(lang, now.getTime())} (${formatUtcMoment(lang, now)})`;
  const parts: string[] = [];
  parts.push(`<h1>${escapeHtml(t('report_title', report.host || report.url))}</h1>`);
  parts.push(`<p class="muted">${escapeHtml(t('report_generated', generated, version))}</p>`);
  parts.push(`<p class="no-print muted">${escapeHtml(t('report_print'))}</p>`);

  parts.push(`<h2>${escapeHtml(t('report_verdict'))}</h2>`);
  if (verdict) {
    const style = LEVEL_STYLES[verdict.level];
    const code = levelCode(verdict.level, lang, levelCountry(verdict));
    parts.push(
      `<p class="level"><span class="code" style="background:${style.color};color:${style.onColor}">${escapeHtml(code)}</span> ${escapeHtml(levelName(verdict.level, lang))}</p>`,
    );
  }
  parts.push(`<p>${escapeHtml(verdictSentence(report, lang, now))}</p>`);
  const facts = [row(t('report_page'), escapeHtml(report.url)), row(t('report_observed'), escapeHtml(`${formatMoment(lang, report.updatedAt)} (${formatUtcMoment(lang, report.updatedAt)})`))];
  if (verdict) {
    facts.push(row(t('evidence_provider'), escapeHtml(providerLabel(report, lang) + licensedTechnologySuffix(lang, verdict.provider?.id))));
    const parent = verdict.provider ? providerById(verdict.provider.id)?.parent : undefined;
    if (parent && parent !== verdict.provider?.name && !/^unknown\b/i.test(parent)) facts.push(row(t('report_parent'), escapeHtml(parent)));
    facts.push(row(t('evidence_ip'), escapeHtml(ipText(lang, verdict))));
    facts.push(row(t('evidence_as'), escapeHtml(verdict.asn !== null ? t('evidence_as_value', verdict.asn, verdict.asName ?? '') : t('evidence_none_value'))));
    for (const fact of hostingFacts(verdict, lang)) facts.push(row(fact.label, escapeHtml(fact.value)));
    facts.push(row(t('evidence_role'), escapeHtml(roleText(lang, verdict))));
    const confidence = confidenceText(verdict, lang);
    if (confidence) facts.push(row(t('evidence_confidence'), escapeHtml(confidence)));
  }
  if (report.health) facts.push(row(t('health_title'), escapeHtml(t(report.health.health ? 'popup_yes' : 'popup_no'))));
  parts.push(`<table>${facts.join('')}</table>`);

  if (verdict) {
    parts.push(`<h2>${escapeHtml(t('evidence_how'))}</h2>`);
    parts.push(
      verdict.evidence.length
        ? `<ul>${verdict.evidence
            .map((e) => {
              const says = evidenceSentence(lang, e);
              return `<li><strong>${escapeHtml(evidenceKindText(lang, e, verdict))}</strong> <code>${escapeHtml(e.subject)}</code>${says ? ` — ${escapeHtml(says)}` : ''}</li>`;
            })
            .join('')}</ul>`
        : `<p>${escapeHtml(t('evidence_none'))}</p>`,
    );
    if (verdict.provider) {
      parts.push(`<h2>${escapeHtml(t('qual_title'))}</h2>`);
      const offers = offersOf(verdict.provider.id);
      parts.push(`<h3>${escapeHtml(t('qual_snc_heading'))}</h3>`);
      parts.push(
        offers.length
          ? `<ul>${offers
              .map((o) => {
                const state = offerStateText(lang, o, now);
                const detail = state.detail ? `<br>${escapeHtml(state.detail)}` : '';
                return `<li data-status="${escapeHtml(state.state)}">${escapeHtml(o.offer)}${escapeHtml(t('popup_colon'))}${escapeHtml(state.status)}${detail}</li>`;
              })
              .join('')}</ul><p class="muted">${escapeHtml(t('qual_offer_note'))}</p>`
          : `<p>${escapeHtml(t('qual_none', verdict.provider.name))}</p>`,
      );
      const certificates = hdsOf(verdict.provider.id);
      parts.push(`<h3>${escapeHtml(t('qual_hds_heading'))}</h3>`);
      parts.push(
        certificates.length
          ? `<ul>${certificates
              .map((c) => {
                const note = hdsDatesNoteText(lang, c);
                return `<li>${escapeHtml(hdsText(lang, c, now))}${note ? ` <span class="muted">(${escapeHtml(note)})</span>` : ''}</li>`;
              })
              .join('')}</ul>`
          : `<p>${escapeHtml(t('qual_hds_none', verdict.provider.name))}</p>`,
      );
    }
  }

  const groups = groupThirdParties(report);
  parts.push(`<h2>${escapeHtml(t('third_title'))}</h2>`);
  if (groups.length) {
    parts.push(`<p>${escapeHtml(thirdPartySummary(lang, groups.length, groups.filter((g) => g.level === 'extra-eu').length))}</p>`);
    parts.push(
      `<table>${groups.map((g) => row(g.label || t('third_unknown_group'), `${escapeHtml(thirdPartyLevelName(g.level, lang))} · ${escapeHtml(t('third_counts', g.hosts.length, g.requests))}`)).join('')}</table>`,
    );
  } else {
    parts.push(`<p>${escapeHtml(t('third_none'))}</p>`);
  }

  parts.push(`<h2>${escapeHtml(t('report_legal'))}</h2><ul>`);
  for (const statement of LEGAL_STATEMENTS) {
    const sources = statement.sources.map((s) => `<li>${link(s.url, s.title)} (${escapeHtml(t(s.kind === 'primary' ? 'why_source_primary' : 'why_source_secondary'))}${s.date ? `, ${escapeHtml(formatIsoDate(lang, s.date))}` : ''})</li>`);
    parts.push(`<li><p>${escapeHtml(statement.text[lang])} <em>(${escapeHtml(checkedText(lang, statement, now))})</em></p><ul>${sources.join('')}</ul></li>`);
  }
  parts.push('</ul>');

  const dates = dataDates();
  parts.push(`<h2>${escapeHtml(t('report_data'))}</h2><ul>`);
  parts.push(`<li>${escapeHtml(t('qual_list_providers', formatIsoDate(lang, dates.providers)))}</li>`);
  parts.push(`<li>${escapeHtml(t('qual_list_secnumcloud', formatIsoDate(lang, dates.secnumcloud)))}</li>`);
  parts.push(`<li>${escapeHtml(t('qual_list_hds', formatIsoDate(lang, dates.hds)))}</li>`);
  parts.push(`<li>${escapeHtml(t('about_credit_routing', routingPackage.version))} IP Geolocation by DB-IP (https://db-ip.com)</li>`);
  parts.push(`<li>${escapeHtml(t('about_version', version))}</li></ul>`);
  parts.push(`<p class="muted">${escapeHtml(t('report_limits'))}</p>`);

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Vigie ${escapeHtml(version)}">
<title>${escapeHtml(t('report_title', report.host || report.url))}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}

/** The report's file name: host and ISO date, nothing else from the page. */
export function reportFileName(report: TabReport, now: Date): string {
  const host = (report.host || 'page').replace(/[^a-z0-9.-]/gi, '_');
  return `vigie-${host}-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.html`;
}
