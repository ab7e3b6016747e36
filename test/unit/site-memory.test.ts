import { describe, expect, it } from 'vitest';
import { MAX_REMEMBERED_SITES, parseSiteMemory, recognisedEarlier, rememberSite, serialiseSiteMemory, siteKeyOf, withSiteMemory, type SiteMemory } from '../../src/core/site-memory.ts';
import type { HealthVerdict } from '../../src/core/types.ts';

const health = (value: boolean, override?: HealthVerdict['override']): HealthVerdict => ({ health: value, score: value ? 12 : 0, reasons: [], ...(override ? { override } : {}) });

describe('site memory', () => {
  it('keys sites by registrable domain (Public Suffix List)', () => {
    expect(siteKeyOf('rdv.clinique-lilas.fr')).toBe('clinique-lilas.fr');
    expect(siteKeyOf('www.ars.sante.fr')).toBe('sante.fr');
    expect(siteKeyOf('a.b.example.co.uk')).toBe('example.co.uk');
    expect(siteKeyOf('192.0.2.1')).toBe('192.0.2.1');
  });

  it('recalls a health site on its other pages, not on the page that recognised it, not on other sites', () => {
    const memory: SiteMemory = new Map();
    expect(rememberSite(memory, 'www.clinique-lilas.fr', 'https://www.clinique-lilas.fr/', health(true))).toBe(true);
    expect(recognisedEarlier(memory, 'rdv.clinique-lilas.fr', 'https://rdv.clinique-lilas.fr/cgu', health(false))).toBe('https://www.clinique-lilas.fr/');
    expect(recognisedEarlier(memory, 'www.clinique-lilas.fr', 'https://www.clinique-lilas.fr/', health(false))).toBeNull();
    expect(recognisedEarlier(memory, 'www.banque-lilas.fr', 'https://www.banque-lilas.fr/', health(false))).toBeNull();
    expect(withSiteMemory(health(false)).health).toBe(true);
  });

  it('never overrides the user: a "not health" override wins and forgets the site', () => {
    const memory: SiteMemory = new Map();
    rememberSite(memory, 'www.clinique-lilas.fr', 'https://www.clinique-lilas.fr/', health(true));
    expect(recognisedEarlier(memory, 'blog.clinique-lilas.fr', 'https://blog.clinique-lilas.fr/', health(false, 'not-health'))).toBeNull();
    expect(rememberSite(memory, 'blog.clinique-lilas.fr', 'https://blog.clinique-lilas.fr/', health(false, 'not-health'))).toBe(true);
    expect(memory.size).toBe(0);
  });

  it('keeps the first page that recognised the site, is bounded, and survives a JSON round trip', () => {
    const memory: SiteMemory = new Map();
    rememberSite(memory, 'a.clinique-lilas.fr', 'https://a.clinique-lilas.fr/', health(true));
    expect(rememberSite(memory, 'b.clinique-lilas.fr', 'https://b.clinique-lilas.fr/', health(true))).toBe(false);
    for (let i = 0; i < MAX_REMEMBERED_SITES + 10; i++) rememberSite(memory, `site${i}.fr`, `https://site${i}.fr/`, health(true));
    expect(memory.size).toBe(MAX_REMEMBERED_SITES);
    expect(memory.has('clinique-lilas.fr')).toBe(false);
    const back = parseSiteMemory(JSON.parse(JSON.stringify(serialiseSiteMemory(memory))));
    expect([...back]).toEqual([...memory]);
    expect(parseSiteMemory([['ok.fr', 'https://ok.fr/'], [1, 2], 'x', null]).size).toBe(1);
    expect(parseSiteMemory({ not: 'a list' }).size).toBe(0);
  });
});
