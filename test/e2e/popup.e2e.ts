/**
 * The popup and options page of the built extension in real Chromium and Firefox ESR, on the demo sites: what a
 * user reads, the health override round trip, the language option, axe-core with 0 violations, and screenshots.
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
    const headline = await popup.text('[data-testid="headline"]');
    expect(headline).toMatch(/^Ce site de santé est hébergé par Microsoft( \(Azure\))? \(États-Unis\) : non qualifié SecNumCloud, soumis à US CLOUD Act et FISA 702\.$/);
    expect(await attr(popup, '[data-testid="level"]', 'data-level')).toBe('extra-eu');
    expect(await popup.text('[data-testid="evidence-ip"]')).toBe('127.0.0.1 (adresse non publique)');
    expect(await popup.text('[data-testid="evidence-list"]')).toContain('clinique-demo.test');
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
    await popup.screenshot(join(SCREENSHOTS, `popup-extra-eu-${name}.png`));
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
      await popup.screenshot(join(SCREENSHOTS, `popup-extra-eu-dark-${name}.png`));
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
    expect(await attr(popup, '[data-testid="level"]', 'data-level')).toBe('secnumcloud-provider');
    expect(await popup.text('[data-testid="headline"]')).toContain("l'offre utilisée par ce site ne peut pas être vérifiée");
    const rows = await popup.evaluate(() =>
      [...document.querySelectorAll('[data-testid="qualification-row"]')].map((r) => [r.getAttribute('data-offer'), r.getAttribute('data-status')]),
    );
    expect(rows.map((r) => r[0])).toContain('ovhcloud-hosted-private-cloud');
    expect(rows.every((r) => ['qualified', 'expired', 'in-progress'].includes(r[1] ?? ''))).toBe(true);
    await popup.screenshot(join(SCREENSHOTS, `popup-secnumcloud-provider-${name}.png`));
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
    await site.close();
  });

  it('says what it cannot know for an unknown host, and the override round trip reaches the report', async () => {
    const site = await h.open(h.url('inconnu-sante-demo.test'));
    await h.waitForReport(site.tabId, (r) => r.main !== null && r.health !== null, 'the unknown-host report');
    const popup = await openPopup(h, site.tabId);
    expect(await attr(popup, 'main', 'data-state')).toBe('unknown');
    expect(await popup.text('[data-testid="headline"]')).toContain('adresse privée ou locale');
    await popup.screenshot(join(SCREENSHOTS, `popup-unknown-${name}.png`));
    expect(await axeViolations(popup)).toEqual([]);
    if ((await attr(popup, 'section[aria-labelledby="health-title"] details', 'open')) === null) await popup.click('section[aria-labelledby="health-title"] summary');
    await popup.click('[data-testid="override-not-health"]');
    await popup.waitFor('[data-testid="override-reset"]');
    const report = await h.waitForReport(site.tabId, (r) => r.health?.override === 'not-health', 'the override in the report');
    expect(report.health?.health).toBe(false);
    expect(await popup.text('[data-testid="health-verdict"]')).toBe("Vous avez indiqué que ce site n'est pas un site de santé.");
    await popup.click('[data-testid="override-reset"]');
    await h.waitForReport(site.tabId, (r) => r.health?.override === undefined, 'the override removed');
    await popup.close();
    await site.close();
  });

  it('has no verdict, but says so, for a page Vigie did not observe', async () => {
    const popup = await openPopup(h, 999_999);
    expect(await attr(popup, 'main', 'data-state')).toBe('no-page');
    expect(await popup.text('[data-testid="headline"]')).toContain('Pas de verdict pour cette page');
    await popup.close();
  });

  it('options: switching to English applies to the options page and the popup; 0 axe violations', async () => {
    const options = await h.openExtensionPage('src/options/index.html');
    await options.waitFor('[data-testid="options"]');
    expect(await options.text('h1')).toBe('Options de Vigie');
    expect(await options.text('[data-testid="credit-routing"]')).toContain('IP Geolocation by DB-IP');
    await options.screenshot(join(SCREENSHOTS, `options-${name}.png`));
    expect(await axeViolations(options)).toEqual([]);
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
    expect(await popup.text('[data-testid="headline"]')).toMatch(/^This health site is hosted by Microsoft( \(Azure\))? \(United States\)/);
    await popup.screenshot(join(SCREENSHOTS, `popup-extra-eu-en-${name}.png`));
    await h.settings({ language: 'fr' });
    await popup.close();
    await site.close();
    await options.close();
  });
});
