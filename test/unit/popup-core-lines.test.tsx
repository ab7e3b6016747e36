/**
 * The popup lines the browsing core feeds (issue 13): a very wide rule flagged in the evidence, the page on which the
 * site was recognised as health earlier, and the undo of a hidden page badge.
 */
import { describe, expect, it } from 'vitest';
import { EvidenceSection } from '../../src/popup/evidence-section.tsx';
import { HealthSection } from '../../src/popup/health-section.tsx';
import { PageBadgeUndo } from '../../src/popup/page-badge-undo.tsx';
import type { HostVerdict } from '../../src/core/types.ts';
import { mount, testText } from '../fixtures/ui/dom.ts';
import { clue } from '../fixtures/ui/tab-reports.ts';
import { phrase } from '../../src/core/evidence-message.ts';

const verdict = (ruleSubject: string): HostVerdict => ({
  host: 'www.clinique.example',
  ip: '203.0.113.9',
  ipScope: 'public',
  asn: null,
  asName: null,
  provider: { id: 'ovhcloud', name: 'OVHcloud', country: 'FR' },
  role: 'origin',
  confidence: 'high',
  level: 'secnumcloud-provider',
  evidence: [clue('rule', ruleSubject, phrase('evidence_says_rule', phrase('evidence_part_rule_user'), ruleSubject, 'OVHcloud (FR)'), 'ovhcloud')],
});

describe('popup lines from the browsing core', () => {
  it('flags a rule wider than a /8 in the evidence, and only such a rule', () => {
    expect(testText(mount(<EvidenceSection verdict={verdict('0.0.0.0/0')} lang="en" />).root, 'evidence-wide-rule')).toMatch(/0\.0\.0\.0\/0/);
    expect(testText(mount(<EvidenceSection verdict={verdict('203.0.113.0/24')} lang="en" />).root, 'evidence-wide-rule')).toBeNull();
  });

  it('says on which page the site was recognised as health earlier', () => {
    const { root } = mount(
      <HealthSection health={{ health: true, score: 0, reasons: [] }} recognisedOn="https://www.clinique.example/" lang="fr" busy={false} onOverride={() => undefined} />,
    );
    expect(testText(root, 'health-recognised-earlier')).toBe('Reconnu comme site de santé plus tôt sur ce site\u202f: https://www.clinique.example/');
  });

  it('offers to show a hidden page badge again', async () => {
    let shown = 0;
    const view = mount(
      <PageBadgeUndo lang="en" load={async () => ({ site: 'clinique.example', dismissed: true })} showAgain={async () => (shown++, { ok: true })} />,
    );
    await view.flush();
    expect(testText(view.root, 'badge-hidden')).toMatch(/hidden on clinique\.example/);
    await view.click(view.root.querySelector('[data-testid="badge-show-again"]'));
    expect(shown).toBe(1);
    expect(testText(view.root, 'badge-hidden')).toBeNull();
  });
});
