/**
 * The manifest is Vigie's privacy promise in a form the browser enforces: extension pages may only connect to the
 * extension itself, nothing is exposed to websites, and no permission goes beyond webRequest and storage (plus dns
 * on Firefox). Checked on the source manifest here; the built ones are checked here when a build exists, and always
 * in test/e2e/privacy.e2e.ts, which runs after `npm run build`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestProblems, parseCsp } from '../e2e/privacy-helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const source = readJson(join(ROOT, 'manifest.json'));

describe('source manifest', () => {
  it('meets the privacy policy: self-only CSP, nothing exposed, minimum permissions', () => {
    expect(manifestProblems(source, 'chrome')).toEqual([]);
  });

  it("extension pages may connect only to 'self' and run only packaged scripts", () => {
    const csp = parseCsp((source.content_security_policy as { extension_pages: string }).extension_pages);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });

  it('has a name and a description, in every language, within the limits the stores accept (75 and 132 characters)', () => {
    // Chrome's manifest reference: description "no more than 132 characters"; the Chrome Web Store refuses an upload over it.
    expect(source.name).toBe('__MSG_extName__');
    expect(source.description).toBe('__MSG_extDescription__');
    for (const lang of ['fr', 'en']) {
      const messages = readJson(join(ROOT, '_locales', lang, 'messages.json')) as Record<string, { message: string }>;
      expect([...messages.extDescription!.message].length, lang).toBeLessThanOrEqual(132);
      expect([...messages.extName!.message].length, lang).toBeLessThanOrEqual(75);
    }
  });

  it('observes web pages only: no <all_urls>, no file://, no extension pages', () => {
    expect(source.host_permissions).toEqual(['http://*/*', 'https://*/*']);
  });
});

describe('the policy check itself catches each kind of leak', () => {
  const clean = () => structuredClone(source);
  const cases: [string, (m: Record<string, unknown>) => void, RegExp][] = [
    ['unsafe-eval', (m) => ((m.content_security_policy as Record<string, string>).extension_pages = "script-src 'self' 'unsafe-eval'; connect-src 'self'"), /unsafe-eval/],
    ['remote script', (m) => ((m.content_security_policy as Record<string, string>).extension_pages = "script-src 'self' https://cdn.example.com; connect-src 'self'"), /remote source/],
    ['connect anywhere', (m) => ((m.content_security_policy as Record<string, string>).extension_pages = "script-src 'self'; connect-src 'self' https:"), /connect-src/],
    ['no CSP', (m) => delete m.content_security_policy, /no content_security_policy/],
    ['web_accessible_resources', (m) => (m.web_accessible_resources = [{ resources: ['*.js'], matches: ['<all_urls>'] }]), /web_accessible_resources/],
    ['externally_connectable', (m) => (m.externally_connectable = { matches: ['https://*.example.com/*'] }), /externally_connectable/],
    ['an extra permission', (m) => (m.permissions = ['webRequest', 'storage', 'scripting', 'tabs']), /beyond the minimum: tabs/],
    ['<all_urls>', (m) => (m.host_permissions = ['<all_urls>']), /beyond http\/https/],
    ['dns on Chrome', (m) => (m.permissions = ['webRequest', 'storage', 'scripting', 'dns']), /dns/],
  ];
  it.each(cases)('%s', (_what, mutate, problem) => {
    const manifest = clean();
    mutate(manifest);
    expect(manifestProblems(manifest, 'chrome').join('\n')).toMatch(problem);
  });
});

describe.each([
  ['dist', 'chrome'],
  ['dist-firefox', 'firefox'],
] as const)('built manifest %s', (dir, target) => {
  const path = join(ROOT, dir, 'manifest.json');
  // Unit tests run before `npm run build`; test/e2e/privacy.e2e.ts checks the fresh build in any case.
  const built = existsSync(path);
  const name = built ? `meets the privacy policy for ${target}` : `SKIPPED: ${dir}/ is not built yet (privacy.e2e.ts checks it after the build)`;
  it.skipIf(!built)(name, () => {
    expect(manifestProblems(readJson(path), target)).toEqual([]);
  });
});

describe('private windows', () => {
  it('declares how Vigie runs in private windows: one background for both ("spanning"), so private tabs stay in its memory', () => {
    // Firefox supports only "spanning" (and "not_allowed"); "split" would start a second background per private session.
    expect(source.incognito).toBe('spanning');
  });

  it('keeps the declaration in both builds, when they exist', () => {
    for (const dir of ['dist', 'dist-firefox']) {
      const path = join(ROOT, dir, 'manifest.json');
      if (existsSync(path)) expect(readJson(path).incognito, dir).toBe('spanning');
    }
  });
});
