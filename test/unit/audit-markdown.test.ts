import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../src/cli/audit/audit-row.ts';
import { csvField, renderCsv } from '../../src/cli/audit/formats.ts';
import { markdownText, renderMarkdown, type ReportMeta } from '../../src/cli/audit/markdown-report.ts';
import { parseCsvRows } from '../../src/cli/audit/site-list.ts';
import { HOSTILE_TEXTS } from '../fixtures/audit/hostile.ts';
import { renderReport } from '../fixtures/audit/markdown.ts';
import { SAMPLE_ROWS } from '../fixtures/audit/rows.ts';

/** Rows whose every free-text field holds `text(i)`: site, provider, AS name, CNAMEs, health, error, dates. */
function rowsWith(text: (i: number) => string): AuditRow[] {
  return HOSTILE_TEXTS.map((_, i): AuditRow => {
    const base = SAMPLE_ROWS[i % 3] as AuditRow;
    const t = text(i);
    return {
      ...base,
      site: `${t}#${i}`,
      input: `${t}#${i}`,
      asName: t,
      provider: i % 2 === 0 ? { id: `p${i}`, name: t, country: t } : null,
      level: 'extra-eu',
      cnames: [t, `${t}.cdn`],
      health: { health: true, category: t, reasons: [t] },
      ...(i % 3 === 0 ? { error: t, errorClass: 'http-error' as const, errorStage: 'http' as const } : {}),
      checkedAt: `2026-11-28T10:00:00.000Z${i === 0 ? t : ''}`,
    };
  });
}

function metaWith(text: string): ReportMeta {
  return { generatedAt: new Date('2026-11-28T12:00:00Z'), inputName: `${text}.txt`, data: [{ name: text, date: text, source: text }], fetched: 'headers' };
}

/**
 * What a reader should see for a value: the same characters, line breaks as spaces, hidden controls as U+FFFD (and,
 * in a table cell, no spaces around it).
 */
function seen(text: string): string {
  return text
    .replace(/\r\n|[\r\n\t\v\f]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD')
    .trim();
}

/** The structure of a render: every token type, nested ones included, in order. */
function structure(tokens: ReturnType<typeof renderReport>['tokens']): string[] {
  return tokens.flatMap((t) => [t.type, ...(t.children ?? []).map((c) => `  ${c.type}`)]);
}

describe('the Markdown report renders hostile values as plain text', () => {
  for (const html of [false, true]) {
    it(`with a CommonMark + GFM renderer, inline HTML ${html ? 'enabled' : 'disabled'}, autolinks on`, () => {
      const benign = renderReport(renderMarkdown(rowsWith(() => 'x'), metaWith('x')), { html });
      const hostileMd = renderMarkdown(rowsWith((i) => HOSTILE_TEXTS[i] ?? ''), metaWith(HOSTILE_TEXTS.join(' ')));
      const hostile = renderReport(hostileMd, { html });

      // Not one element, link, image, emphasis, code span or HTML block more than the same report with plain values.
      const joinText = (types: string[]): string[] => types.filter((t) => t !== '  text' && t !== '  text_special');
      expect(joinText(structure(hostile.tokens))).toEqual(joinText(structure(benign.tokens)));
      const tags = (h: string): string[] => [...h.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase());
      expect(tags(hostile.html)).toEqual(tags(benign.html));
      expect(hostile.html).not.toMatch(/<(a|img|script|details|iframe)[\s>]|\s(href|src|onerror)=["']|<!--/i);

      // And every value reads back as the characters it holds.
      const sites = hostile.tables[2] ?? [];
      HOSTILE_TEXTS.forEach((text, i) => {
        const row = sites[i + 1] ?? [];
        expect(row[0]).toBe(seen(`${text}#${i}`));
        expect(row[2]).toBe(i % 2 === 0 ? seen(`${text} (${text})`) : seen(text));
        expect(row[5]).toBe(seen(text));
        expect(row[6]).toBe(i % 3 === 0 ? seen(`http-error: ${text}`) : seen(`CNAME ${text} → ${text}.cdn`));
      });
      expect(hostile.paragraphs[0]).toContain(`from ${seen(HOSTILE_TEXTS.join(' '))}.txt: `);
      expect(hostile.items).toContain(seen(`${HOSTILE_TEXTS.join(' ')}: ${HOSTILE_TEXTS.join(' ')} (${HOSTILE_TEXTS.join(' ')})`));
    });
  }

  it('escapes every character with a meaning in CommonMark or GFM, and only changes what a reader cannot see', () => {
    for (const ch of '\\`*_{}[]()#+-.!|<>~&:@/=$^"\'') expect(markdownText(`a${ch}b`)).toBe(`a\\${ch}b`);
    expect(markdownText('Hôpital Nord-Ouest 2')).toBe('Hôpital Nord\\-Ouest 2');
    expect(markdownText('a\r\nb\nc')).toBe('a b c');
    expect(markdownText('x\u202Ey\u0000')).toBe('x\uFFFDy\uFFFD');
  });
});

describe('CSV output', () => {
  it('defuses every formula start (= + - @, tab, carriage return, line feed, full-width ＝＋－＠), nothing else', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']) {
      const value = `${start}HYPERLINK("https://evil.example/","x")`;
      const [[cell]] = parseCsvRows(csvField(value)) as [[string]];
      expect(cell).toBe(`'${value}`);
    }
    for (const plain of ['ameli.fr', 'AS16276 OVH', ' =leading space', 'a=b', '1-2', 'Hôpital']) expect(parseCsvRows(csvField(plain))[0]).toEqual([plain]);
    expect(csvField(null)).toBe('');
    expect(csvField(16276)).toBe('16276');
  });

  it('is RFC 4180: CRLF line ends, quoted fields with commas, quotes and line breaks, and reads back cell for cell', () => {
    const rows = rowsWith((i) => HOSTILE_TEXTS[i] ?? '');
    const csv = renderCsv(rows);
    expect(csv.endsWith('\r\n')).toBe(true);
    const parsed = parseCsvRows(csv.slice(0, -2));
    expect(parsed).toHaveLength(rows.length + 1);
    const header = parsed[0] ?? [];
    const column = (name: string): number => header.indexOf(name);
    rows.forEach((row, i) => {
      const cells = parsed[i + 1] ?? [];
      expect(cells).toHaveLength(header.length);
      const guarded = (v: string): string => (/^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(v) ? `'${v}` : v);
      expect(cells[column('site')]).toBe(guarded(row.site));
      expect(cells[column('asName')]).toBe(guarded(row.asName ?? ''));
      expect(cells[column('health_reasons')]).toBe(guarded(row.health.reasons.join(' | ')));
    });
  });
});
