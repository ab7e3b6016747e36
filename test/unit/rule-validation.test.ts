import { describe, expect, it } from 'vitest';
import { checkNewRule } from '../../src/options/rule-validation.ts';

describe('options rule check (codes, not English text)', () => {
  it('asks for an explicit confirmation of a rule wider than a /8 or a /32, and keeps it on the saved rule', () => {
    const refused = checkNewRule('0.0.0.0/0', 'ovhcloud', [], 'fr');
    expect(refused).toMatchObject({ ok: false, field: 'match', code: 'too-wide' });
    expect(refused.ok ? '' : refused.message).toContain('0.0.0.0/0');
    expect(checkNewRule('::/0', 'ovhcloud', [], 'en', true)).toEqual({ ok: true, rule: { match: '::/0', providerId: 'ovhcloud', origin: 'user', wide: true } });
    expect(checkNewRule('10.0.0.0/8', 'ovhcloud', [], 'en', true)).toEqual({ ok: true, rule: { match: '10.0.0.0/8', providerId: 'ovhcloud', origin: 'user' } });
  });

  it('maps each compiler code to its field', () => {
    expect(checkNewRule('example.org', 'no-such-provider', [], 'en')).toMatchObject({ ok: false, field: 'provider', code: 'unknown-provider' });
    expect(checkNewRule('10.0.0.0/40', 'ovhcloud', [], 'en')).toMatchObject({ ok: false, field: 'match', code: 'bad-cidr' });
    expect(checkNewRule('exa mple', 'ovhcloud', [], 'en')).toMatchObject({ ok: false, field: 'match', code: 'bad-host' });
  });
});
