import { Fragment } from 'preact';
import type { Evidence, HostVerdict, ProviderRule, Role } from '../core/types.ts';
import { providerById } from '../core/catalog.ts';
import { evidenceSentence } from '../shared/evidence-text.ts';
import { countryName, translate, type Lang, type MessageKey } from '../shared/i18n.ts';
import { onOperatorNetwork } from '../shared/verdict-text.ts';
import { confidenceText } from './verdict-headline.tsx';
import { hostingFacts, licensedTechnologySuffix } from './hosting-facts.ts';
import { isWideCidr } from '../core/rules.ts';

/** Each kind of clue in words. */
export const EVIDENCE_KIND_KEYS: Record<Evidence['kind'], MessageKey> = {
  ip: 'evidence_kind_ip',
  asn: 'evidence_kind_asn',
  header: 'evidence_kind_header',
  cname: 'evidence_kind_cname',
  rule: 'evidence_kind_rule',
  cache: 'evidence_kind_cache',
  proxy: 'evidence_kind_proxy',
  'special-ip': 'evidence_kind_special_ip',
  'no-ip': 'evidence_kind_no_ip',
  conflict: 'evidence_kind_conflict',
  'page-list': 'evidence_kind_page_list',
  'revealed-origin': 'evidence_kind_revealed_origin',
  software: 'evidence_kind_software',
};

/** A rule clue's kind by whose rule it is: the demo's rules and an organisation's are not the user's own. */
const RULE_KIND_KEYS: Record<ProviderRule['origin'], MessageKey> = {
  user: 'evidence_kind_rule',
  managed: 'evidence_kind_rule_managed',
  demo: 'evidence_kind_rule_demo',
};

/**
 * A clue's kind in words; a rule's names its origin, which travels on the verdict (`ruleOrigin`: a verdict holds at
 * most the one rule that matched). A verdict without one (kept by an older version) reads as the user's rule.
 */
export function evidenceKindText(lang: Lang, evidence: Evidence, verdict: HostVerdict): string {
  if (evidence.kind === 'rule') return translate(lang, RULE_KIND_KEYS[verdict.ruleOrigin ?? 'user']);
  return translate(lang, EVIDENCE_KIND_KEYS[evidence.kind]);
}

/** Each role in words. */
export const ROLE_KEYS: Record<Role, MessageKey> = {
  origin: 'evidence_role_origin',
  cdn: 'evidence_role_cdn',
  unknown: 'evidence_role_unknown',
};

/** What the operator does for this host, in words; on an access, transit, corporate or payment network, not hosting. */
export function roleText(lang: Lang, verdict: HostVerdict): string {
  const name = verdict.provider?.name ?? verdict.asName ?? '?';
  return translate(lang, onOperatorNetwork(verdict) ? 'evidence_role_operator' : ROLE_KEYS[verdict.role], name);
}

/** The server address in words, saying when it is not a public one. */
export function ipText(lang: Lang, verdict: HostVerdict): string {
  if (!verdict.ip) return translate(lang, 'evidence_ip_none');
  if (verdict.ipScope && verdict.ipScope !== 'public') return translate(lang, 'evidence_ip_not_public', verdict.ip);
  return verdict.ip;
}

/** The provider with its country, its parent company when known, and a technology it runs under licence. */
function providerText(lang: Lang, verdict: HostVerdict): string {
  const ref = verdict.provider;
  if (!ref) return translate(lang, 'evidence_none_value');
  const country = ref.country ? countryName(lang, ref.country) : translate(lang, 'country_unknown');
  const parent = providerById(ref.id)?.parent;
  // The catalog says 'unknown' where no parent company was found: then say nothing rather than "parent: unknown".
  const known = parent && parent !== ref.name && !/^unknown\b/i.test(parent);
  const text = known ? translate(lang, 'evidence_provider_value', ref.name, country, parent) : `${ref.name} (${country})`;
  return text + licensedTechnologySuffix(lang, ref.id);
}

/** One clue: its kind in words, what was seen, which provider it points to, and what it says in the user's language. */
function EvidenceItem(props: { evidence: Evidence; verdict: HostVerdict; lang: Lang }) {
  const { evidence, verdict, lang } = props;
  const pointsTo = evidence.providerId ? (providerById(evidence.providerId)?.name ?? evidence.providerId) : null;
  const says = evidenceSentence(lang, evidence);
  return (
    <li data-kind={evidence.kind}>
      <strong>{evidenceKindText(lang, evidence, verdict)}</strong>
      {evidence.subject ? (
        <>
          {' '}
          <code>{evidence.subject}</code>
        </>
      ) : null}
      {pointsTo ? ` ${translate(lang, 'evidence_points_to', pointsTo)}` : null}
      {evidence.software && !says ? ` ${translate(lang, 'evidence_software_build', evidence.software.name, evidence.software.builtFor)}` : null}
      {says ? (
        <p class="evidence-says" data-testid="evidence-says">
          {says}
        </p>
      ) : null}
      {evidence.kind === 'rule' && isWideCidr(evidence.subject) ? (
        <p class="warning" data-testid="evidence-wide-rule">
          {translate(lang, 'evidence_wideRule', evidence.subject)}
        </p>
      ) : null}
    </li>
  );
}

/** The evidence behind the main verdict: host, IP, AS, provider, role, confidence and every clue, for checking. */
export function EvidenceSection(props: { verdict: HostVerdict; lang: Lang }) {
  const { verdict, lang } = props;
  return (
    <section aria-labelledby="evidence-title">
      <details>
        <summary>
          <h2 id="evidence-title">{translate(lang, 'evidence_title')}</h2>
        </summary>
        <dl class="fields" data-testid="evidence">
          <dt>{translate(lang, 'evidence_host')}</dt>
          <dd>
            <code>{verdict.host}</code>
          </dd>
          <dt>{translate(lang, 'evidence_ip')}</dt>
          <dd data-testid="evidence-ip">{ipText(lang, verdict)}</dd>
          <dt>{translate(lang, 'evidence_as')}</dt>
          <dd data-testid="evidence-asn">
            {verdict.asn !== null ? translate(lang, 'evidence_as_value', verdict.asn, verdict.asName ?? '') : translate(lang, 'evidence_none_value')}
          </dd>
          <dt>{translate(lang, 'evidence_provider')}</dt>
          <dd>{providerText(lang, verdict)}</dd>
          {hostingFacts(verdict, lang).map((fact) => (
            <Fragment key={fact.id}>
              <dt>{fact.label}</dt>
              <dd data-testid={`evidence-${fact.id}`}>{fact.value}</dd>
            </Fragment>
          ))}
          <dt>{translate(lang, 'evidence_role')}</dt>
          <dd data-testid="evidence-role" data-role={verdict.role}>
            {roleText(lang, verdict)}
          </dd>
          {verdict.provider ? (
            <>
              <dt>{translate(lang, 'evidence_confidence')}</dt>
              <dd>{confidenceText(verdict, lang)}</dd>
            </>
          ) : null}
        </dl>
        <h3>{translate(lang, 'evidence_how')}</h3>
        {verdict.evidence.length ? (
          <ul data-testid="evidence-list">
            {verdict.evidence.map((evidence, index) => (
              <EvidenceItem key={`${evidence.kind}-${index}`} evidence={evidence} verdict={verdict} lang={lang} />
            ))}
          </ul>
        ) : (
          <p data-testid="evidence-list">{translate(lang, 'evidence_none')}</p>
        )}
      </details>
    </section>
  );
}
