/**
 * The popup, options page, first-run page and page badge of the built extension in real Chromium and Firefox ESR, on
 * the demo sites: what a user reads, the layout at 400 x 600 (headline in two lines at most, actions without
 * scrolling), graphics contrast, the health override round trip, the language option, axe-core with 0 violations,
 * and the screenshots README shows (French and English, light and dark).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type BrowserName, type Harness, type TabPage } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(ROOT, 'docs/screenshots');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in an extension page. The page CSP forbids injected <script>, so the source goes through the
 * driver's own evaluation (CDP in Chromium, BiDi in Firefox), which the page CSP does not govern.
 */
async function axeViolations(page: TabPage): Promise<AxeViolation[]> {
  const result = await axeRun(page);
  // A run that checked nothing would prove nothing.
  expect(result.passes).toBeGreaterThan(10);
  return result.violations;
}

async function axeRun(page: TabPage): Promise<{ violations: AxeViolation[]; passes: number }> {
  // A string is evaluated as an expression by both drivers; the harness types only functions.
  await page.evaluate(`${AXE_SOURCE};void 0` as unknown as () => void);
  // Collapsed sections are checked too.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe;
    const result = await axe.run(document, {});
    return {
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })),
      passes: result.passes.length,
    };
  });
}

/** The size of a browser action popup at most (Chrome caps it at 800 x 600); screenshots show what a user sees. */
const POPUP_WIDTH = 400;
const POPUP_HEIGHT = 600;

/** Opens the popup for a tab at popup size (the browsers' own theme is light). */
async function openPopup(h: Harness, tabId: number): Promise<TabPage> {
  const popup = await h.openExtensionPage(`src/popup/index.html?tabId=${tabId}`);
  await popup.setViewport(POPUP_WIDTH, POPUP_HEIGHT);
  await popup.waitFor('main:not([data-state="loading"]) [data-testid="headline"]');
  return popup;
}

/**
 * Emulates the system colour scheme; false where the driver cannot. Puppeteer emulates media features over CDP
 * only, and Firefox speaks WebDriver BiDi, which has no colour-scheme emulation.
 */
/** The computed colours a user sees first: the page background and the headline text. */
async function themeColours(page: TabPage): Promise<{ background: string; text: string; scheme: boolean }> {
  return page.evaluate(() => ({
    background: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(document.querySelector('[data-testid="headline"]')!).color,
    scheme: matchMedia('(prefers-color-scheme: dark)').matches,
  }));
}

async function attr(page: TabPage, selector: string, name: string): Promise<string | null> {
  return page.evaluate((a: { selector: string; name: string }) => document.querySelector(a.selector)?.getAttribute(a.name) ?? null, { selector, name });
}

/**
 * What must hold on screen at 400 x 600: the headline in at most two lines, the actions above the fold, the evidence
 * collapsed, and the level's bar and code standing 3:1 from the page background.
 */
async function popupLayout(page: TabPage) {
  return page.evaluate(() => {
    const luminance = (rgb: string): number => {
      const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const ratio = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    const h1 = document.querySelector('[data-testid="headline"]')!;
    const style = getComputedStyle(h1);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.25;
    const action = document.querySelector('[data-testid="action-export"], [data-testid="action-options"]')!.getBoundingClientRect();
    const background = getComputedStyle(document.body).backgroundColor;
    const bar = getComputedStyle(document.querySelector('.headline')!).borderInlineStartColor;
    const code = document.querySelector('[data-testid="level-code"]');
    return {
      headlineLines: Math.round(h1.getBoundingClientRect().height / lineHeight),
      actionBottom: action.bottom,
      viewportHeight: window.innerHeight,
      evidenceOpen: document.querySelector('section[aria-labelledby="evidence-title"] details')?.hasAttribute('open') ?? false,
      barContrast: ratio(bar, background),
      codeContrast: code ? ratio(getComputedStyle(code).backgroundColor, background) : null,
      scrollWidth: document.documentElement.scrollWidth,
    };
  });
}

/** Checks the layout rules above and returns the figures, for the test's own expectations. */
async function expectPopupLayout(page: TabPage): Promise<void> {
  const layout = await popupLayout(page);
  expect(layout.headlineLines, 'headline lines').toBeLessThanOrEqual(2);
  expect(layout.actionBottom, 'actions above the fold').toBeLessThanOrEqual(layout.viewportHeight);
  expect(layout.evidenceOpen, 'evidence collapsed').toBe(false);
  expect(layout.barContrast, 'level bar vs background').toBeGreaterThanOrEqual(3);
  if (layout.codeContrast !== null) expect(layout.codeContrast, 'level code vs background').toBeGreaterThanOrEqual(3);
  expect(layout.scrollWidth).toBeLessThanOrEqual(POPUP_WIDTH);
}

describe.each<BrowserName>(['chromium', 'firefox'])('popup and options in %s', (name) => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch(name);
    // French is the reference language; the headless browsers' own UI language is English.
    await h.settings({ language: 'fr' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tells that a health site on Microsoft is under extra-EU law, with its evidence; 0 axe violations', async () => {
    const site = await h.open(h.url('clinique-demo.test'));
    await h.waitForReport(site.tabId, (r) => r.main !== null && r.health !== null, 'the clinic report');
    const popup = await openPopup(h, site.tabId);
    expect(await attr(popup, 'main', 'data-state')).toBe('verdict');
    expect(await popup.text('[data-testid="headline"]')).toBe('Fournisseur hors UE soumis à une loi extraterritoriale');
    expect(await popup.text('[data-testid="level-code"]')).toBe('US!');
    expect(await popup.text('[data-testid="verdict-detail"]')).toMatch(
      /^Ce site de santé est hébergé par Microsoft( \(Azure\))? \(États-Unis\), non qualifié SecNumCloud\u202f; ce fournisseur est soumis au CLOUD Act américain et à la section 702 de la loi FISA\.$/,
    );
    expect(await attr(popup, '[data-testid="headline"]', 'data-level')).toBe('extra-eu');
    expect(await popup.text('[data-testid="for-you"]')).toContain('Une loi étrangère peut obliger ce fournisseur');
    await expectPopupLayout(popup);
    expect(await popup.text('[data-testid="evidence-ip"]')).toBe('127.0.0.1 (adresse non publique)');
    expect(await popup.text('[data-testid="evidence-list"]')).toContain('clinique-demo.test');
    // The demo's rule is called the demo's, never the user's own ("Règle personnalisée").
    expect(await popup.text('[data-testid="evidence-list"] li[data-kind="rule"] strong')).toBe('Règle de démonstration');
    // Each clue says in French what it means, under its kind and subject (the sentence the CLI prints in English).
    const says = await popup.evaluate(() => [...document.querySelectorAll('[data-testid="evidence-list"] li [data-testid="evidence-says"]')].map((p) => p.textContent ?? ''));
    expect(says.length).toBeGreaterThanOrEqual(2);
    expect(says).toContain('L’adresse du serveur 127.0.0.1 est une adresse de bouclage (cet ordinateur lui-même), et non une adresse publique d’internet\u202f: elle ne permet pas de remonter à un hébergeur.');
    expect(says.join(' ')).not.toMatch(/\b(The|is|the)\b/);
    await popup.evaluate(() => {
      document.querySelector<HTMLDetailsElement>('section[aria-labelledby="evidence-title"] details')!.open = true;
      document.querySelector('[data-testid="evidence-list"]')!.scrollIntoView({ block: 'start' });
    });
    await popup.screenshot(join(SCREENSHOTS, `popup-evidence-fr-${name}.png`));
    await popup.evaluate(() => window.scrollTo(0, 0));
    expect(await popup.text('[data-testid="health-verdict"]')).toContain('liée à la santé');
    // Fits a 400 px wide popup: nothing scrolls sideways.
    const widths = await popup.evaluate(() => ({
      viewport: window.innerWidth,
      body: document.body.getBoundingClientRect().width,
      scroll: document.documentElement.scrollWidth,
    }));
    expect(widths.viewport).toBe(POPUP_WIDTH);
    expect(widths.body).toBeLessThanOrEqual(POPUP_WIDTH);
    expect(widths.scroll).toBeLessThanOrEqual(POPUP_WIDTH);
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
    await site.close();
  });

  it('follows the system dark theme: dark background, light text, still 0 axe violations (contrast included)', async () => {
    const site = await h.open(h.url('clinique-demo.test'));
    await h.waitForReport(site.tabId, (r) => r.main !== null && r.health !== null, 'the clinic report');
    const popup = await openPopup(h, site.tabId);
    try {
      await popup.colorScheme('light');
      const light = await themeColours(popup);
      await popup.colorScheme('dark');
      const dark = await themeColours(popup);
      expect([light.scheme, dark.scheme]).toEqual([false, true]);
      expect(light.background).toBe('rgb(255, 255, 255)');
      expect(dark.background).toBe('rgb(23, 25, 29)');
      expect(dark.text).not.toBe(light.text);
      await expectPopupLayout(popup);
      expect(await axeViolations(popup)).toEqual([]);
    } finally {
      // A driver may emulate the scheme browser-wide (a preference): leave the next tests in the light theme.
      await popup.colorScheme('light');
      await popup.close();
      await site.close();
    }
  });

  it('shows the SecNumCloud offers of OVHcloud with their status, and says the offer cannot be verified', async () => {
    const site = await h.open(h.url('mutuelle-demo.test'));
    await h.waitForReport(site.tabId, (r) => r.main !== null && r.health !== null, 'the insurer report');
    const popup = await openPopup(h, site.tabId);
    expect(await attr(popup, '[data-testid="headline"]', 'data-level')).toBe('secnumcloud-provider');
    expect(await popup.text('[data-testid="level-code"]')).toBe('UE+');
    expect(await popup.text('[data-testid="headline"]')).toBe('Fournisseur européen qui propose aussi des offres SecNumCloud');
    expect(await popup.text('[data-testid="level-caveat"]')).toBe('l’offre de ce site n’est pas vérifiable');
    expect(await popup.text('[data-testid="verdict-detail"]')).toContain('l’offre utilisée par ce site ne peut pas être vérifiée');
    await expectPopupLayout(popup);
    const rows = await popup.evaluate(() =>
      [...document.querySelectorAll('[data-testid="qualification-row"]')].map((r) => [r.getAttribute('data-offer'), r.getAttribute('data-status')]),
    );
    expect(rows.map((r) => r[0])).toContain('ovhcloud-hosted-private-cloud');
    expect(rows.every((r) => ['qualified', 'expired', 'in-progress', 'past-recorded-end', 'not-verified-since'].includes(r[1] ?? ''))).toBe(true);
    await popup.screenshot(join(SCREENSHOTS, `popup-secnumcloud-provider-${name}.png`));
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
    await site.close();
  });

  it('names the extra-EU origin an S3 header reveals behind the OVHcloud network: US!, the sentence and the evidence say it', async () => {
    const site = await h.open(h.url('mutuelle-demo.test', '/documents'));
    const report = await h.waitForReport(site.tabId, (r) => r.main?.revealedOrigin !== undefined, 'the revealed origin in the report');
    expect(report.main).toMatchObject({ provider: { id: 'ovhcloud' }, level: 'extra-eu', revealedOrigin: { provider: { id: 'aws' } } });
    const popup = await openPopup(h, site.tabId);
    expect(await attr(popup, '[data-testid="headline"]', 'data-level')).toBe('extra-eu');
    expect(await popup.text('[data-testid="level-code"]')).toBe('US!');
    expect(await popup.text('[data-testid="verdict-detail"]')).toMatch(/^Ce site (de santé )?répond depuis OVHcloud \(France\), le réseau placé devant, mais sa réponse désigne derrière lui une origine hors UE\u202f: Amazon Web Services \(États-Unis\)/);
    expect(await popup.evaluate(() => document.querySelector('[data-testid="evidence-revealed-origin"]')?.textContent ?? '')).toMatch(/^Amazon Web Services \(États-Unis\), d’après l’en-tête (server: AmazonS3|x-amz-request-id: DEMO0123456789AB)$/);
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
    await site.close();
  });

  it('says what it cannot know for an unknown host, and the override round trip reaches the report', async () => {
    const site = await h.open(h.url('inconnu-sante-demo.test'));
    await h.waitForReport(site.tabId, (r) => r.main !== null && r.health !== null, 'the unknown-host report');
    const popup = await openPopup(h, site.tabId);
    expect(await attr(popup, 'main', 'data-state')).toBe('unknown');
    expect(await popup.text('[data-testid="verdict-detail"]')).toContain('adresse privée ou locale');
    // No provider was identified: no "identification du fournisseur : incertaine" beside "Fournisseur : inconnu".
    expect(await popup.evaluate(() => document.querySelector('[data-testid="confidence"]') !== null)).toBe(false);
    await expectPopupLayout(popup);
    await popup.screenshot(join(SCREENSHOTS, `popup-unknown-${name}.png`));
    expect(await axeViolations(popup)).toEqual([]);
    if ((await attr(popup, 'section[aria-labelledby="health-title"] details', 'open')) === null) await popup.click('section[aria-labelledby="health-title"] summary');
    await popup.click('[data-testid="override-not-health"]');
    await popup.waitFor('[data-testid="override-reset"]');
    const report = await h.waitForReport(site.tabId, (r) => r.health?.override === 'not-health', 'the override in the report');
    expect(report.health?.health).toBe(false);
    expect(await popup.text('[data-testid="health-verdict"]')).toBe('Vous avez indiqué que ce site n’est pas un site de santé.');
    await popup.click('[data-testid="override-reset"]');
    await h.waitForReport(site.tabId, (r) => r.health?.override === undefined, 'the override removed');
    await popup.close();
    await site.close();
  });

  it("keeps the popup's reason to observe a page across a worker stop: the page's next load lists its third parties", async () => {
    const shop = await h.open(h.url('boutique-demo.test'));
    await h.waitForReport(shop.tabId, (r) => r.main !== null && r.health !== null, 'the shop report');
    expect((await h.report(shop.tabId))?.thirdParties).toBe('none');
    const popup = await openPopup(h, shop.tabId);
    await popup.close();
    await h.waitForReport(shop.tabId, (r) => r.thirdParties === 'partial', 'the popup asking to observe the shop');
    await h.stopBackground();
    await shop.reload();
    const report = await h.waitForReport(shop.tabId, (r) => r.hosts.some((e) => e.verdict.host === 'mesure-demo.test'), "the shop's third party, after the worker stop");
    expect(report.thirdParties).toBe('complete');
    await shop.close();
  });

  it('has no verdict, but says so, for a page Vigie did not observe', async () => {
    const popup = await openPopup(h, 999_999);
    expect(await attr(popup, 'main', 'data-state')).toBe('no-page');
    expect(await popup.text('[data-testid="headline"]')).toContain('Pas de verdict pour cette page');
    await popup.close();
  });

  it('options: switching to English applies to the options page and the popup; fits 360 px; 0 axe violations', async () => {
    const options = await h.openExtensionPage('src/options/index.html');
    await options.waitFor('[data-testid="options"]');
    expect(await options.text('h1')).toBe('Options de Vigie');
    expect(await options.text('[data-testid="credit-routing"]')).toContain('IP Geolocation by DB-IP');
    expect(await options.evaluate(() => document.querySelectorAll('[data-testid="badge-key"] [data-testid="key-row"]').length)).toBe(6);
    await options.screenshot(join(SCREENSHOTS, `options-${name}.png`));
    expect(await axeViolations(options)).toEqual([]);
    // A phone-sized window: nothing, not even the long provider <select>, scrolls sideways.
    await options.setViewport(360, 700);
    const narrow = await options.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      select: document.querySelector('[data-testid="rule-provider"]')!.getBoundingClientRect().right,
    }));
    expect(narrow.scroll).toBeLessThanOrEqual(360);
    expect(narrow.select).toBeLessThanOrEqual(360);
    await options.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('[data-testid="language"]')!;
      select.value = 'en';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await options.waitFor('html[lang="en"]');
    expect(await options.evaluate(() => document.title)).toBe('Vigie options');
    expect(await options.text('h1')).toBe('Vigie options');
    const site = await h.open(h.url('clinique-demo.test'));
    await h.waitForReport(site.tabId, (r) => r.main !== null && r.health !== null, 'the clinic report');
    const popup = await openPopup(h, site.tabId);
    expect(await popup.text('[data-testid="headline"]')).toBe('Non-EU provider subject to an extraterritorial law');
    expect(await popup.text('[data-testid="verdict-detail"]')).toMatch(/^This health site is hosted by Microsoft( \(Azure\))? \(United States\)/);
    await expectPopupLayout(popup);
    await h.settings({ language: 'fr' });
    await popup.close();
    await site.close();
    await options.close();
  });

  it('opened the first-run page once, on install; README screenshots of the popup, page badge, badge key and first-run page in French and English, light and dark; 0 axe violations', async () => {
    const welcomeTabs = await h.ext(async () => (await chrome.tabs.query({})).filter((t) => (t.url ?? '').endsWith('/src/welcome/index.html')).length);
    expect(welcomeTabs).toBe(1);
    // The first-run page and the options follow the language setting live: opened once (extension pages are slow to
    // open under Firefox's driver), reused for both languages.
    const welcome = await h.openExtensionPage('src/welcome/index.html');
    await welcome.setViewport(800, 760);
    const options = await h.openExtensionPage('src/options/index.html');
    await options.setViewport(800, 640);
    try {
      for (const lang of ['fr', 'en'] as const) {
        await h.settings({ language: lang });
        await welcome.waitFor(`html[lang="${lang}"] [data-testid="badge-key"]`);
        expect(await welcome.text('h1')).toBe(lang === 'fr' ? 'Bienvenue dans Vigie' : 'Welcome to Vigie');
        await options.waitFor(`html[lang="${lang}"] [data-testid="badge-key"]`);
        await options.evaluate(() => {
          document.querySelector('[data-testid="badge-key"]')!.scrollIntoView();
          window.scrollBy(0, -48); // clear of the sticky status line
        });
        const site = await h.open(h.url('clinique-demo.test'));
        await h.waitForReport(site.tabId, (r) => r.main !== null && r.health !== null, 'the clinic report');
        const deadline = Date.now() + 10_000;
        while (!(await h.pageBadge(site)).present && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        expect((await h.pageBadge(site)).present).toBe(true);
        const popup = await openPopup(h, site.tabId);
        try {
          for (const scheme of ['light', 'dark'] as const) {
            await Promise.all([popup, welcome, options, site].map((page) => page.colorScheme(scheme)));
            await expectPopupLayout(popup);
            await popup.screenshot(join(SCREENSHOTS, `popup-${lang}-${scheme}-${name}.png`));
            await site.screenshot(join(SCREENSHOTS, `page-badge-${lang}-${scheme}-${name}.png`));
            await welcome.screenshot(join(SCREENSHOTS, `first-run-${lang}-${scheme}-${name}.png`));
            await options.screenshot(join(SCREENSHOTS, `badge-key-${lang}-${scheme}-${name}.png`));
          }
          expect(await axeViolations(welcome)).toEqual([]);
        } finally {
          await Promise.all([popup, welcome, options, site].map((page) => page.colorScheme('light')));
          await Promise.all([popup.close(), site.close()]);
        }
      }
    } finally {
      await h.settings({ language: 'fr' });
      await Promise.all([welcome.close(), options.close()]);
    }
  });
});
