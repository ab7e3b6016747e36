/**
 * The list of sites to audit: a text file (one URL or host name a line, `#` comments, blank lines) or a CSV file with a
 * `url` column. Every line becomes a SiteEntry; lines that are not a web address become entries with an `invalid`
 * reason, so they show up in the report instead of silently vanishing.
 */
import { isIP } from 'node:net';
import { normaliseHost } from '../../core/rules.ts';

/** One site to audit, as read from the input. */
export interface SiteEntry {
  /** The site as written in the input (trimmed): the key that identifies it in results files. */
  site: string;
  /** Position in the input (0-based), to render results in input order. */
  index: number;
  /** Lower-case ASCII host name (punycode) or IP literal, '' when invalid. */
  host: string;
  /** The URL to fetch when headers or the page are requested. */
  url: string;
  /** Why the line is not a usable site, when it is not. */
  invalid?: string;
}

/** Parsed input: sites in order (duplicates removed) and how many duplicates were dropped. */
export interface SiteList {
  sites: SiteEntry[];
  duplicates: number;
}

const URL_COLUMNS = ['url', 'site', 'domain', 'host'];

/** Parses a list file's text; `fileName` only decides CSV when the content is ambiguous. Throws on a CSV without a url column. */
export function parseSiteList(text: string, fileName = ''): SiteList {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = csvDelimiter(body, fileName);
  const raw = delimiter !== null ? csvSites(body, delimiter) : textSites(body);
  const seen = new Set<string>();
  const sites: SiteEntry[] = [];
  let duplicates = 0;
  for (const written of raw) {
    if (seen.has(written)) {
      duplicates++;
      continue;
    }
    seen.add(written);
    sites.push(parseSite(written, sites.length));
  }
  return { sites, duplicates };
}

/** Turns one written site (URL, host name or IP) into a SiteEntry. */
export function parseSite(written: string, index: number): SiteEntry {
  const site = written.trim();
  const invalid = (reason: string): SiteEntry => ({ site, index, host: '', url: '', invalid: reason });
  if (site === '') return invalid('empty line');
  if (/\s/.test(site)) return invalid('contains spaces: not a URL or host name');
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(site);
  if (schemeMatch && !/^https?$/i.test(schemeMatch[1] ?? '')) return invalid(`unsupported scheme '${schemeMatch[1]}:' (http or https only)`);
  // A bare IPv6 address is written without brackets; URL() needs them.
  const withScheme = schemeMatch ? site : isIP(site) === 6 ? `https://[${site}]/` : `https://${site}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return invalid('not a URL or host name');
  }
  // The same normal form as lookups and rules: lower case, punycode, no trailing dot.
  const host = normaliseHost(url.hostname);
  if (host === null) return invalid(`'${url.hostname}' is not a valid host name`);
  if (isIP(host)) return { site, index, host, url: url.href };
  const labels = host.split('.');
  if (labels.length < 2) return invalid(`'${host}' is not a fully qualified host name`);
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return invalid(`'${host}' is not a valid host name`);
  return { site, index, host, url: url.href };
}

function textSites(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const content = line.replace(/(^|\s)#.*$/, '').trim();
    if (content !== '') out.push(content);
  }
  return out;
}

/**
 * The field delimiter when the text is a CSV, else null: the one (comma, then semicolon, as French spreadsheets write
 * CSV, then tab) whose header line has a url column; a `.csv` file without one is comma-separated (and refused below).
 */
function csvDelimiter(text: string, fileName: string): string | null {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
  for (const delimiter of [',', ';', '\t']) {
    if (!first.includes(delimiter)) continue;
    const header = parseCsvRows(first, delimiter)[0] ?? [];
    if (header.some((cell) => URL_COLUMNS.includes(cell.trim().toLowerCase()))) return delimiter;
  }
  return /\.csv$/i.test(fileName) ? ',' : null;
}

function csvSites(text: string, delimiter: string): string[] {
  const rows = parseCsvRows(text, delimiter).filter((r) => r.some((c) => c.trim() !== ''));
  const header = (rows[0] ?? []).map((c) => c.trim().toLowerCase());
  const column = URL_COLUMNS.map((name) => header.indexOf(name)).find((i) => i >= 0);
  if (column === undefined) {
    throw new Error(`CSV input has no url column (header: ${header.join(', ') || 'empty'}); expected one of ${URL_COLUMNS.join(', ')}`);
  }
  return rows
    .slice(1)
    .map((r) => (r[column] ?? '').trim())
    .filter((c) => c !== '' && !c.startsWith('#'));
}

/** RFC 4180 rows: quoted fields may hold commas (the delimiter), doubled quotes and line breaks. */
export function parseCsvRows(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
