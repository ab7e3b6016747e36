/**
 * Conventions of the code itself (STYLE.md "House habits"): src/core is pure (it imports only core, data and the
 * Public Suffix List), only src/platform touches the browser API, extension pages and the content script import
 * nothing from the background, and the background embeds no health data. A file that breaks one fails here with its
 * name and the offending line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** The code without comments (a comment may name chrome.i18n; code may not use it). */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Import specifiers of a file (static imports, re-exports and dynamic imports). */
function importsOf(path: string): string[] {
  const text = code(path);
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

const all = sources(SRC).map((path) => ({ path, name: relative(ROOT, path) }));
const BROWSER_API = [
  /\bchrome\.(runtime|tabs|storage|action|webRequest|scripting|dns|i18n|windows|permissions|declarativeNetRequest|cookies|history)\b/,
  /\bbrowser\.(runtime|tabs|storage|action|webRequest|scripting|dns|i18n|windows|permissions)\b/,
  /__FIREFOX__|\bIS_FIREFOX\b/,
  /webextension-polyfill/,
];

/** A string method or comparison matched against a literal that starts with a word and a space: prose, not a code. */
const PROSE_MATCH = /\.(startsWith|endsWith|includes)\(\s*['"`][A-Za-z]+ |[=!]==?\s*['"`][A-Za-z]+ [a-z]+ /;

describe('code conventions', () => {
  it('src/core imports only src/core, data/ and tldts', () => {
    const wrong: string[] = [];
    for (const { path, name } of all.filter((f) => f.name.startsWith('src/core/'))) {
      for (const spec of importsOf(path)) {
        if (spec === 'tldts') continue;
        const target = spec.startsWith('.') ? relative(ROOT, resolve(dirname(path), spec)) : spec;
        if (!target.startsWith('src/core/') && !target.startsWith('data/')) wrong.push(`${name} imports ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no file outside src/platform touches the browser API or knows Chrome from Firefox', () => {
    const wrong: string[] = [];
    for (const { path, name } of all.filter((f) => !f.name.startsWith('src/platform/'))) {
      const lines = code(path).split('\n');
      lines.forEach((line, i) => {
        if (BROWSER_API.some((pattern) => pattern.test(line))) wrong.push(`${name}:${i + 1}: ${line.trim()}`);
      });
      for (const spec of importsOf(path)) if (/platform\/browser\.ts$/.test(spec) && /\{[^}]*\bbrowser\b/.test(readFileSync(path, 'utf8'))) wrong.push(`${name} imports the raw browser object`);
    }
    expect(wrong).toEqual([]);
  });

  it('extension pages and the content script import nothing from the background', () => {
    const wrong: string[] = [];
    for (const { path, name } of all.filter((f) => /^src\/(popup|options|ui|content|shared)\//.test(f.name))) {
      for (const spec of importsOf(path)) if (spec.includes('/background/')) wrong.push(`${name} imports ${spec}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the content script reaches the browser only through its small door (no polyfill in every page)', () => {
    const wrong: string[] = [];
    for (const { path, name } of all.filter((f) => f.name.startsWith('src/content/'))) {
      for (const spec of importsOf(path)) if (spec.includes('platform/') && !spec.endsWith('platform/content-runtime.ts')) wrong.push(`${name} imports ${spec}`);
    }
    expect(wrong).toEqual([]);
  });

  it("the background's scripts embed none of the health classifier's data (it reads packaged copies: cold start)", () => {
    const reached = new Set<string>();
    const visit = (path: string): void => {
      if (reached.has(path)) return;
      reached.add(path);
      for (const spec of importsOf(path)) if (spec.startsWith('.') && /\.(ts|tsx)$/.test(spec)) visit(resolve(dirname(path), spec));
    };
    visit(join(SRC, 'background/index.ts'));
    const embedding = [...reached].flatMap((path) => importsOf(path).filter((spec) => /data\/health-[a-z.]+\.json$/.test(spec)).map((spec) => `${relative(ROOT, path)} imports ${spec}`));
    expect(reached.size).toBeGreaterThan(20);
    expect(embedding).toEqual([]);
    // The Node binding of the classifier does embed them: the walk above would see it.
    expect(importsOf(join(SRC, 'core/health.ts')).filter((spec) => spec.includes('data/health-'))).toHaveLength(2);
  });

  it("the catalog and the locales reach the extension's scripts only through the two modules its build leaves out", () => {
    // Node imports the committed files through committed-catalog.ts and committed-locales.ts; vite.config.ts replaces
    // both with `null` in the extension, whose contexts read the packaged copies (cold start, issue 15).
    const committed = new Set([join(SRC, 'core/committed-catalog.ts'), join(SRC, 'shared/committed-locales.ts')]);
    const wrong = all.flatMap(({ path, name }) =>
      committed.has(path) ? [] : importsOf(path).filter((spec) => /(data\/(providers|secnumcloud|hds|fingerprints)|_locales\/[a-z]+\/messages)\.json$/.test(spec)).map((spec) => `${name} imports ${spec}`),
    );
    expect(wrong).toEqual([]);
    for (const path of committed) expect(importsOf(path).filter((spec) => spec.endsWith('.json')).length).toBeGreaterThan(1);
    expect(readFileSync(join(ROOT, 'vite.config.ts'), 'utf8')).toContain('core\\/committed-catalog|shared\\/committed-locales');
  });

  it('decisions read codes, never English prose: no source matches text against a phrase', () => {
    const wrong: string[] = [];
    for (const { path, name } of all) {
      code(path).split('\n').forEach((line, i) => {
        if (PROSE_MATCH.test(line)) wrong.push(`${name}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('the checks above can fail: they see a violation planted in a string', () => {
    expect(PROSE_MATCH.test("if (reason.startsWith('domain listed')) return true;")).toBe(true);
    expect(PROSE_MATCH.test("if (v.reasons.some((r) => r.includes('Unknown provider'))) return;")).toBe(true);
    expect(PROSE_MATCH.test("if (match.startsWith('*.')) return;")).toBe(false);
    expect(BROWSER_API.some((p) => p.test("await chrome.storage.session.get('x')"))).toBe(true);
    expect(BROWSER_API.some((p) => p.test('if (IS_FIREFOX) return;'))).toBe(true);
    expect(BROWSER_API.some((p) => p.test('const lang = browserLang();'))).toBe(false);
  });
});
