import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { collectJsonLdTypes, readPageSignals } from '../../src/core/page-signals.ts';
import { parseHtmlSignals, signalsFromInput } from '../../src/cli/html-signals.ts';

const URL = 'https://www.exemple-clinique.fr/rendez-vous';

describe('readPageSignals', () => {
  it('reads lang, title, meta, og, headings, JSON-LD and microdata types, and visible text', () => {
    const html = `<!doctype html><html lang="fr-FR"><head>
      <title>  Clinique  du Parc </title>
      <meta name="Description" content="Prenez rendez-vous avec nos chirurgiens.">
      <meta name="keywords" content="clinique, chirurgie">
      <meta property="og:type" content="website"><meta property="og:site_name" content="Clinique du Parc">
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"MedicalClinic"},{"@type":["WebPage","MedicalWebPage"],"about":{"@type":"MedicalCondition"}}]}</script>
      <style>.x{color:red}</style></head>
      <body><nav>Accueil Menu</nav><main><h1>Nos services</h1><div itemscope itemtype="https://schema.org/Physician"><h2>Dr Martin</h2>
      <p>Chirurgie   ambulatoire</p><script>var hidden = "secret";</script><noscript>activez JS</noscript></div></main></body></html>`;
    const s = parseHtmlSignals(html, URL);
    expect(s.url).toBe(URL);
    expect(s.lang).toBe('fr-fr');
    expect(s.title).toBe('Clinique du Parc');
    expect(s.description).toBe('Prenez rendez-vous avec nos chirurgiens.');
    expect(s.keywords).toBe('clinique, chirurgie');
    expect(s.ogType).toBe('website');
    expect(s.ogSiteName).toBe('Clinique du Parc');
    expect(s.headings).toEqual(['Nos services', 'Dr Martin']);
    expect(s.schemaTypes).toEqual(expect.arrayContaining(['MedicalClinic', 'WebPage', 'MedicalWebPage', 'MedicalCondition', 'Physician']));
    expect(s.text).toContain('Chirurgie ambulatoire');
    expect(s.text).not.toContain('secret');
    expect(s.text).not.toContain('activez JS');
    expect(s.text).not.toContain('Accueil Menu'); // main wins over the whole body
  });

  it('survives broken JSON-LD, keeping the valid blocks', () => {
    const html = `<html><head><script type="application/ld+json">{"@type": "Hospital",,,}</script>
      <script type="application/ld+json">[{"@type":"Dentist"}, null, 3, "x"]</script>
      <script type="application/ld+json"></script></head><body><p>ok</p></body></html>`;
    const s = parseHtmlSignals(html, URL);
    expect(s.schemaTypes).toEqual(['Dentist']);
    expect(s.text).toBe('ok');
  });

  it('never throws on odd or broken documents', () => {
    for (const html of ['', '<<<>>>', '<html', '<p>sans fermeture', '<html><body><h1></h1><h2>   </h2></body></html>', '\u0000\u0001']) {
      const s = parseHtmlSignals(html, URL);
      expect(s.url).toBe(URL);
      expect(Array.isArray(s.headings)).toBe(true);
    }
    const { document } = parseHTML('<html><body></body></html>');
    const hostile = new Proxy(document, {
      get(target, key) {
        if (key === 'title') throw new Error('boom');
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    expect(() => readPageSignals(hostile as unknown as Document, URL)).not.toThrow();
  });

  it('keeps every field bounded on a huge page', () => {
    const para = '<p>' + 'hôpital médecin '.repeat(50) + '</p>';
    const html = `<html><head><title>${'T'.repeat(5000)}</title><meta name="description" content="${'d'.repeat(10000)}"></head><body>${'<h1>titre</h1>'.repeat(50)}${para.repeat(2000)}</body></html>`;
    const s = parseHtmlSignals(html, URL + '?' + 'q'.repeat(5000));
    expect(s.title.length).toBeLessThanOrEqual(512);
    expect(s.description.length).toBeLessThanOrEqual(1024);
    expect(s.headings.length).toBeLessThanOrEqual(8);
    expect(s.text.length).toBeLessThanOrEqual(2000);
    expect(s.url.length).toBeLessThanOrEqual(2048);
  });

  it('walks @graph, arrays and nested entities with a bound, normalising type names', () => {
    const types = new Set<string>();
    collectJsonLdTypes({ '@graph': [{ '@type': 'http://schema.org/Pharmacy', provider: { '@type': 'schema:Physician' } }] }, types);
    expect([...types]).toEqual(['Pharmacy', 'Physician']);
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 10_000; i++) {
      const next: Record<string, unknown> = { '@type': 'Thing' };
      cursor.child = next;
      cursor = next;
    }
    expect(() => collectJsonLdTypes(deep, new Set())).not.toThrow();
  });
});

describe('signalsFromInput', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('treats plain text as text only, with no title', () => {
    const s = signalsFromInput(bytes('Le médecin  vous reçoit.\nPrise de sang.'), URL).signals;
    expect(s.title).toBe('');
    expect(s.text).toBe('Le médecin vous reçoit. Prise de sang.');
  });

  it('ignores binary input with a reason, and says when the verdict rests on the URL', () => {
    const binary = signalsFromInput(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]), URL);
    expect(binary.signals.text).toBe('');
    expect(binary.notes[0]).toContain('binary');
    expect(signalsFromInput(new Uint8Array(0), URL).notes[0]).toContain('URL alone');
  });

  it('decodes Windows-1252 pages that are not UTF-8', () => {
    const latin = new Uint8Array([...bytes('<p>M'), 0xe9, ...bytes('decin g'), 0xe9, ...bytes('n'), 0xe9, ...bytes('raliste</p>')]);
    const result = signalsFromInput(latin, URL);
    expect(result.signals.text).toBe('Médecin généraliste');
    expect(result.notes[0]).toContain('Windows-1252');
  });

  it('reads a page that omits the optional <head> or <body> tags as an HTML parser does', () => {
    // linkedom keeps the tree as written: the title and text sat under <html>, and the page read as empty.
    const pages = [
      '<html><title>Cabinet médical</title><body><p>Le médecin vous reçoit.</p></body></html>',
      '<!doctype html><html lang=fr><meta charset=utf-8><title>Cabinet médical</title><p>Le médecin vous reçoit.',
      '<!doctype html><title>Cabinet médical</title><p>Le médecin vous reçoit.',
      '<html><head><title>Cabinet médical</title></head><p>Le médecin vous reçoit.</p></html>',
      // <html> after more than the 4 KB sniffed: it was wrapped in a second <html>, the title read as text.
      `<!--${'x'.repeat(5_000)}--><!doctype html><html><head><title>Cabinet médical</title></head><body><p>Le médecin vous reçoit.</p></body></html>`,
    ];
    for (const page of pages) {
      const { signals } = signalsFromInput(bytes(page), URL);
      expect(signals.title).toBe('Cabinet médical');
      expect(signals.text).toBe('Le médecin vous reçoit.');
    }
  });

  it('reads UTF-16 text by its byte order mark instead of ignoring it as binary', () => {
    const page = '<html><head><title>Médecin généraliste</title></head><body><p>Prise de sang</p></body></html>';
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...page].map((c) => c.charCodeAt(0))).buffer)]);
    const be = new Uint8Array([0xfe, 0xff, ...[...page].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff])]);
    for (const input of [le, be]) {
      const result = signalsFromInput(input, URL);
      expect(result.signals.title).toBe('Médecin généraliste');
      expect(result.signals.text).toContain('Prise de sang');
      expect(result.notes).toEqual([]);
    }
  });

  it('reads a UTF-8 page cut inside a character (the size limit) as UTF-8, the cut character left out', () => {
    const whole = bytes('<p>Médecin généraliste, pédiatre</p><p>Hôpital');
    const result = signalsFromInput(whole.subarray(0, whole.length - 6), URL);
    expect(result.signals.text).toBe('Médecin généraliste, pédiatre H');
    expect(result.notes).toEqual([]);
  });

  it('keeps a UTF-8 page with a stray invalid byte in UTF-8, and says so', () => {
    // One Windows-1252 byte pasted into a UTF-8 page: read whole as Windows-1252, every accent turned to mojibake.
    const page = new Uint8Array([...bytes('<p>Médecin généraliste, pédiatre '), 0xe9, ...bytes('</p>')]);
    const result = signalsFromInput(page, URL);
    expect(result.signals.text).toBe('Médecin généraliste, pédiatre \uFFFD');
    expect(result.notes).toEqual(['input was not valid UTF-8: read as UTF-8, 1 invalid byte sequence replaced']);
  });
});
