import { describe, expect, it } from 'vitest';
import { parseCsvRows, parseSite, parseSiteList } from '../../src/cli/audit/site-list.ts';

describe('audit site list', () => {
  it('reads one site a line, skipping comments and blank lines, keeping the written form as the key', () => {
    const { sites } = parseSiteList('# French health sites\n\nameli.fr\nhttps://www.doctolib.fr/fr/  # booking\n  sante.gouv.fr  \n');
    expect(sites.map((s) => [s.site, s.host, s.url])).toEqual([
      ['ameli.fr', 'ameli.fr', 'https://ameli.fr/'],
      ['https://www.doctolib.fr/fr/', 'www.doctolib.fr', 'https://www.doctolib.fr/fr/'],
      ['sante.gouv.fr', 'sante.gouv.fr', 'https://sante.gouv.fr/'],
    ]);
    expect(sites.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('keeps an explicit http scheme and port, converts IDN to punycode and accepts IP literals', () => {
    expect(parseSite('http://Intranet.CHU-Exemple.fr:8080/accueil', 0)).toMatchObject({ host: 'intranet.chu-exemple.fr', url: 'http://intranet.chu-exemple.fr:8080/accueil' });
    expect(parseSite('santé.fr', 0).host).toBe('xn--sant-epa.fr');
    expect(parseSite('51.91.1.1', 0)).toMatchObject({ host: '51.91.1.1', url: 'https://51.91.1.1/' });
    expect(parseSite('2001:41d0::1', 0)).toMatchObject({ host: '2001:41d0::1', url: 'https://[2001:41d0::1]/' });
  });

  it('turns lines that are not web addresses into invalid entries with a reason, in place', () => {
    const { sites } = parseSiteList('ameli.fr\nnot a site\nftp://files.example.fr\nlocalhost\nbad-.example.fr\nhttp://\n');
    expect(sites).toHaveLength(6);
    expect(sites[0]?.invalid).toBeUndefined();
    expect(sites[1]?.invalid).toMatch(/spaces/);
    expect(sites[2]?.invalid).toMatch(/unsupported scheme 'ftp:'/);
    expect(sites[3]?.invalid).toMatch(/not a fully qualified host name/);
    expect(sites[4]?.invalid).toMatch(/not a valid host name/);
    expect(sites[5]?.invalid).toBeDefined();
  });

  it('drops repeated lines and counts them', () => {
    const list = parseSiteList('ameli.fr\nameli.fr\ndoctolib.fr\nameli.fr\n');
    expect(list.sites.map((s) => s.site)).toEqual(['ameli.fr', 'doctolib.fr']);
    expect(list.duplicates).toBe(2);
  });

  it('reads the url column of a CSV, with quoted commas, doubled quotes and line breaks in other fields', () => {
    const csv = 'name,url,note\r\n"Assurance Maladie, CNAM",https://www.ameli.fr/,"says ""hello"""\r\nDoctolib,doctolib.fr,"two\nlines"\n,,\n';
    const { sites } = parseSiteList(csv, 'list.csv');
    expect(sites.map((s) => s.host)).toEqual(['www.ameli.fr', 'doctolib.fr']);
  });

  it('recognises a CSV by its header even without the .csv extension', () => {
    expect(parseSiteList('URL,category\nameli.fr,insurance\n').sites.map((s) => s.host)).toEqual(['ameli.fr']);
  });

  it('reads the semicolon-separated CSV a French spreadsheet writes, and tab-separated text', () => {
    // It was refused: "CSV input has no url column (header: url;nom)".
    const semicolons = 'Nom;URL;Note\r\n"Assurance Maladie; CNAM";https://www.ameli.fr/;x\r\nDoctolib;doctolib.fr;"a, b"\r\n';
    expect(parseSiteList(semicolons, 'liste.csv').sites.map((s) => s.host)).toEqual(['www.ameli.fr', 'doctolib.fr']);
    expect(parseSiteList('url;nom\nameli.fr;CNAM\n').sites.map((s) => s.host)).toEqual(['ameli.fr']);
    expect(parseSiteList('url\tname\nameli.fr\tCNAM\n', 'list.txt').sites.map((s) => s.host)).toEqual(['ameli.fr']);
    // A comma header still decides for commas: a semicolon inside a URL is no delimiter.
    expect(parseSiteList('url,name\nhttps://ameli.fr/a;b,x\n').sites.map((s) => s.url)).toEqual(['https://ameli.fr/a;b']);
  });

  it('refuses a CSV without a url column with a message naming the columns it found', () => {
    expect(() => parseSiteList('name,address\nx,y\n', 'sites.csv')).toThrow(/no url column \(header: name, address\)/);
  });

  it('parses RFC 4180 rows exactly', () => {
    expect(parseCsvRows('a,"b,c","d""e"\n"f\ng",h')).toEqual([
      ['a', 'b,c', 'd"e'],
      ['f\ng', 'h'],
    ]);
  });
});

describe('the example list shipped for the README', () => {
  it('holds real French health domains, every line a valid site', async () => {
    const { readFileSync } = await import('node:fs');
    const { sites, duplicates } = parseSiteList(readFileSync('examples/french-health-sites.txt', 'utf8'));
    expect(sites.length).toBeGreaterThanOrEqual(40);
    expect(duplicates).toBe(0);
    expect(sites.filter((s) => s.invalid !== undefined)).toEqual([]);
    expect(sites.map((s) => s.host)).toEqual(expect.arrayContaining(['ameli.fr', 'doctolib.fr', 'sante.fr']));
  });
});
