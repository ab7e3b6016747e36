/**
 * Drives the built extension in real browsers: Debian's Chromium through playwright-core and Firefox ESR through
 * puppeteer-core (WebDriver BiDi). One interface for both, so every scenario runs in each browser.
 *
 * Everything the tests ask the extension goes through a "control" extension page (the options page), never the
 * service worker directly: it works the same in both browsers and survives worker restarts.
 */
import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page as PwPage } from 'playwright-core';
import type { Browser as PpBrowser, KeyInput, Page as PpPage } from 'puppeteer-core';
import type { TabReport } from '../../src/core/types.ts';
import type { BackgroundStats } from '../../src/shared/messages.ts';
import type { Settings } from '../../src/shared/settings.ts';
import { DEMO_RULES, DEMO_SITES } from '../../demo/sites.ts';
import { startDemoServer, type DemoServer } from '../../demo/server.ts';

export type BrowserName = 'chromium' | 'firefox';

export const FIREFOX_ADDON_ID = 'vigie@vigie.invalid';
const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'artifacts');

/** A browser tab showing a web page or an extension page. */
export interface TabPage {
  /** The extension-visible tab id. */
  tabId: number;
  url(): string;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  back(): Promise<void>;
  forward(): Promise<void>;
  /** Runs a function in the page's main world. */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  text(selector: string): Promise<string>;
  click(selector: string): Promise<void>;
  /** A real (trusted) mouse click at viewport coordinates, as a user's. */
  clickAt(x: number, y: number): Promise<void>;
  /** Real key presses, e.g. 'Tab', 'Shift+Tab', 'Enter'. */
  press(key: string): Promise<void>;
  screenshot(file: string): Promise<void>;
  /** Resizes the page's viewport, e.g. to the popup's 400 x 600. */
  setViewport(width: number, height: number): Promise<void>;
  /** Emulates the system colour scheme. */
  colorScheme(scheme: 'light' | 'dark'): Promise<void>;
  close(): Promise<void>;
}

export interface PageBadgeView {
  present: boolean;
  /** The badge's accessible name (its verdict sentence), when the browser lets the test read it. */
  label?: string;
  rect?: { x: number; y: number; width: number; height: number };
}

export interface Harness {
  name: BrowserName;
  /** Chromium only: the Playwright context, for tests that watch network traffic or targets. */
  chromium?: BrowserContext;
  /** Firefox only: its preferences and its DNS cache, through its privileged (chrome) context. */
  firefox?: FirefoxInternals;
  server: DemoServer;
  extensionOrigin: string;
  url(host: string, path?: string): string;
  /** Opens a new tab (about:blank when no URL) and waits for the page load. */
  open(url?: string): Promise<TabPage>;
  openExtensionPage(path: string): Promise<TabPage>;
  /** Runs a function in the control extension page, where `chrome` is the extension API. */
  ext<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  toolbar(tabId: number): Promise<{ text: string; color: string; title: string }>;
  report(tabId: number): Promise<TabReport | null>;
  waitForReport(tabId: number, ok: (r: TabReport) => boolean, what: string, timeoutMs?: number): Promise<TabReport>;
  waitForToolbar(tabId: number, ok: (t: { text: string; color: string; title: string }) => boolean, what: string, timeoutMs?: number): Promise<{ text: string; color: string; title: string }>;
  stats(): Promise<BackgroundStats>;
  pageBadge(page: TabPage): Promise<PageBadgeView>;
  settings(change: Partial<Settings>): Promise<void>;
  /**
   * Opens a URL in a new private (incognito) window and returns its tab id; needs `launch(..., { privateWindows: true })`
   * in Chromium. The page is not driven by the test: read its report and toolbar badge through the extension.
   */
  openPrivate(url: string): Promise<number>;
  /** Stops the service worker (Chromium) or lets the event page suspend (Firefox); resolves once it is down. */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}

export interface FirefoxInternals {
  /** Sets preferences at run time (e.g. a proxy). */
  setPrefs(prefs: Record<string, string | number | boolean>): Promise<void>;
  /** The host names in Firefox's DNS cache (about:networking's DNS table). */
  dnsCacheHosts(): Promise<string[]>;
  clearDnsCache(): Promise<void>;
}

/** Finds a browser binary: an environment variable, else the first name on PATH. */
export function findBinary(envVar: string, names: string[]): string {
  const fromEnv = process.env[envVar];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const name of names) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  throw new Error(`No ${names.join(' or ')} found: install it (apt-get install -y ${names[0]}) or set ${envVar}.`);
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 1500)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
}

function toHex(color: number[] | string): string {
  if (typeof color === 'string') return color.toLowerCase();
  return '#' + color.slice(0, 3).map((c) => c.toString(16).padStart(2, '0')).join('');
}

/** Shared parts: everything that goes through the control page. */
function common(name: BrowserName, server: DemoServer, extensionOrigin: string, control: TabPage) {
  const ext = <T, A>(fn: (arg: A) => T | Promise<T>, arg?: A) => control.evaluate(fn, arg as A);
  const toolbar = async (tabId: number) => {
    const raw = await ext(
      async (id: number) => {
        const [text, color, title] = await Promise.all([
          chrome.action.getBadgeText({ tabId: id }),
          chrome.action.getBadgeBackgroundColor({ tabId: id }),
          chrome.action.getTitle({ tabId: id }),
        ]);
        return { text, color: color as unknown as number[], title };
      },
      tabId,
    );
    return { text: raw.text, color: toHex(raw.color), title: raw.title };
  };
  const report = (tabId: number) =>
    ext((id: number) => chrome.runtime.sendMessage({ type: 'get-report', tabId: id }) as Promise<TabReport | null>, tabId);
  return {
    name,
    server,
    extensionOrigin,
    url: (host: string, path = '/') => `${server.origin(host)}${path}`,
    ext,
    toolbar,
    report,
    waitForReport: (tabId: number, ok: (r: TabReport) => boolean, what: string, timeoutMs = 10_000) =>
      until(() => report(tabId), (r): r is TabReport => r !== null && ok(r), what, timeoutMs) as Promise<TabReport>,
    waitForToolbar: (tabId: number, ok: (t: { text: string; color: string; title: string }) => boolean, what: string, timeoutMs = 10_000) =>
      until(() => toolbar(tabId), ok, what, timeoutMs),
    stats: () => ext(() => chrome.runtime.sendMessage({ type: 'get-stats' }) as Promise<BackgroundStats>),
    settings: (change: Partial<Settings>) =>
      ext(async (c: Partial<Settings>) => {
        const stored = ((await chrome.storage.local.get('settings')).settings ?? {}) as object;
        await chrome.storage.local.set({ settings: { ...stored, ...c } });
      }, change),
    openPrivate: (url: string) =>
      ext(async (u: string) => {
        const window = await chrome.windows.create({ incognito: true, url: u });
        const tabId = window?.tabs?.[0]?.id;
        if (tabId === undefined) throw new Error('the private window has no tab the extension can see');
        return tabId;
      }, url),
  };
}

/** The tab id the extension gives a page, found by its URL from the control page. */
async function tabIdOf(ext: <T, A>(fn: (arg: A) => T | Promise<T>, arg?: A) => Promise<T>, url: string, taken: Set<number>): Promise<number> {
  return until(
    () => ext(async (a: { url: string; taken: number[] }) => {
      const tabs = await chrome.tabs.query({});
      // Without permission for a URL (about:blank, internal pages) the extension sees the tab with no url.
      // (No named helper here: under tsx, named functions sent to a page call a __name helper the page lacks.)
      const found = tabs.find((t) => (t.url === a.url || (a.url.startsWith('about:') && !t.url)) && t.id !== undefined && !a.taken.includes(t.id));
      return found?.id ?? -1;
    }, { url, taken: [...taken] }),
    (id) => id >= 0,
    `the tab id of ${url}`,
    5_000,
  );
}

// ---------------------------------------------------------------- Chromium (playwright-core)

function wrapPlaywright(page: PwPage, tabId: number): TabPage {
  return {
    tabId,
    url: () => page.url(),
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    reload: async () => void (await page.reload({ waitUntil: 'load' })),
    back: async () => void (await page.goBack({ waitUntil: 'load' })),
    forward: async () => void (await page.goForward({ waitUntil: 'load' })),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitFor: async (selector, timeoutMs = 10_000) => void (await page.waitForSelector(selector, { timeout: timeoutMs })),
    text: async (selector) => (await page.textContent(selector)) ?? '',
    click: (selector) => page.click(selector),
    clickAt: (x, y) => page.mouse.click(x, y),
    press: (key) => page.keyboard.press(key),
    screenshot: async (file) => void (await page.screenshot({ path: file })),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    colorScheme: (scheme) => page.emulateMedia({ colorScheme: scheme }),
    close: () => page.close(),
  };
}

/**
 * Chromium runs an extension in incognito windows only when the user allows it. The switch is on chrome://extensions,
 * whose page holds the `developerPrivate` API; flipping it reloads the extension, so this runs before the harness
 * takes the worker.
 */
async function allowInIncognito(context: BrowserContext): Promise<void> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const id = worker.url().split('/')[2]!;
  const page = await context.newPage();
  await page.goto('chrome://extensions');
  const restarted = context.waitForEvent('serviceworker', { timeout: 15_000 });
  const allowed = await page.evaluate(async (extensionId: string) => {
    type DeveloperPrivate = {
      updateExtensionConfiguration(update: { extensionId: string; incognitoAccess: boolean }): Promise<void>;
      getExtensionInfo(id: string): Promise<{ incognitoAccess: { isActive: boolean } }>;
    };
    const api = (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome.developerPrivate;
    await api.updateExtensionConfiguration({ extensionId, incognitoAccess: true });
    return (await api.getExtensionInfo(extensionId)).incognitoAccess.isActive;
  }, id);
  if (!allowed) throw new Error('Chromium did not allow the extension in incognito');
  await restarted;
  await page.close();
}

async function launchChromium(dist: string, server: DemoServer, headless: boolean, initScript?: string, privateWindows = false): Promise<Harness> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'vigie-chromium-'));
  const hostRules = DEMO_SITES.map((s) => `MAP ${s.host} 127.0.0.1`).join(', ');
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: findBinary('CHROME_PATH', ['chromium', 'chromium-browser', 'google-chrome']),
    headless,
    viewport: { width: 1100, height: 760 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--disable-extensions-except=${dist}`, `--load-extension=${dist}`,
      `--host-resolver-rules=${hostRules}`,
    ],
  });
  if (initScript) await context.addInitScript(initScript);
  if (privateWindows) await allowInIncognito(context);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionOrigin = worker.url().split('/').slice(0, 3).join('/');
  const controlPage = context.pages()[0] ?? (await context.newPage());
  await controlPage.goto(`${extensionOrigin}/src/options/index.html`);
  const taken = new Set<number>();
  const control = wrapPlaywright(controlPage, -1);
  const base = common('chromium', server, extensionOrigin, control);
  control.tabId = await tabIdOf(base.ext, controlPage.url(), taken);
  taken.add(control.tabId);
  const cdp = await context.newCDPSession(controlPage);

  const open = async (url?: string): Promise<TabPage> => {
    const page = await context.newPage();
    if (url) await page.goto(url, { waitUntil: 'load' });
    const tabId = await tabIdOf(base.ext, page.url(), taken);
    taken.add(tabId);
    page.on('close', () => taken.delete(tabId));
    return wrapPlaywright(page, tabId);
  };

  return {
    ...base,
    chromium: context,
    open,
    openExtensionPage: (path) => open(`${extensionOrigin}/${path}`),
    pageBadge: async (tab) => {
      const page = context.pages().find((p) => p.url() === tab.url());
      if (!page) return { present: false };
      const session = await context.newCDPSession(page);
      try {
        // The accessibility tree crosses closed shadow roots; the page's own scripts cannot.
        const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number; ignored?: boolean }[] };
        const status = nodes.find((n) => n.role?.value === 'status' && !n.ignored && (n.name?.value ?? '').length > 0);
        const rect = await page.evaluate(() => {
          const el = [...document.documentElement.children].find((e) => e.tagName === 'DIV' && e.hasAttribute('popover'));
          if (!el) return undefined;
          const r = el.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        });
        return { present: rect !== undefined && rect.width > 0, label: status?.name?.value, rect };
      } finally {
        await session.detach();
      }
    },
    stopBackground: async () => {
      const stopped = new Promise<void>((resolve) => {
        const onUpdate = (event: { versions: { scriptURL: string; runningStatus: string }[] }) => {
          if (event.versions.some((v) => v.scriptURL.startsWith(extensionOrigin) && v.runningStatus === 'stopped')) {
            cdp.off('ServiceWorker.workerVersionUpdated', onUpdate);
            resolve();
          }
        };
        cdp.on('ServiceWorker.workerVersionUpdated', onUpdate);
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 5_000))]);
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- Firefox ESR (puppeteer-core over BiDi)

function wrapPuppeteer(page: PpPage, tabId: number, extensionPage: boolean): TabPage {
  // Puppeteer never sees `load` for moz-extension pages: wait for the DOM there instead.
  const nav = extensionPage ? ({ waitUntil: 'domcontentloaded', timeout: 5_000 } as const) : ({ waitUntil: 'load', timeout: 15_000 } as const);
  const tolerate = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (error) {
      if (!extensionPage) throw error;
    }
  };
  return {
    tabId,
    url: () => page.url(),
    goto: (url) => tolerate(page.goto(url, nav)),
    reload: () => tolerate(page.reload(nav)),
    // A page restored from the back/forward cache fires no load event in Firefox: do not wait for one.
    back: () => page.goBack({ waitUntil: 'domcontentloaded', timeout: 3_000 }).then(() => undefined, () => undefined),
    forward: () => page.goForward({ waitUntil: 'domcontentloaded', timeout: 3_000 }).then(() => undefined, () => undefined),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitFor: async (selector, timeoutMs = 10_000) => void (await page.waitForSelector(selector, { timeout: timeoutMs })),
    text: (selector) => page.$eval(selector, (el) => el.textContent ?? ''),
    click: (selector) => page.click(selector),
    clickAt: (x, y) => page.mouse.click(x, y),
    press: async (key) => {
      const parts = key.split('+') as KeyInput[];
      const main = parts.pop()!;
      for (const modifier of parts) await page.keyboard.down(modifier);
      await page.keyboard.press(main);
      for (const modifier of parts.reverse()) await page.keyboard.up(modifier);
    },
    screenshot: async (file) => void (await page.screenshot({ path: file as `${string}.png` })),
    setViewport: (width, height) => page.setViewport({ width, height }),
    // Puppeteer's Firefox driver cannot emulate media features: set Firefox's own preference from its chrome
    // context (allowed by --remote-allow-system-access); it applies to the whole browser at once.
    colorScheme: async (scheme) => {
      await firefoxInternals(page.browser()).setPrefs({ 'ui.systemUsesDarkTheme': scheme === 'dark' ? 1 : 0 });
      // The preference reaches pages asynchronously: wait until this one sees it.
      await page.waitForFunction((dark: boolean) => matchMedia('(prefers-color-scheme: dark)').matches === dark, { timeout: 5_000 }, scheme === 'dark');
    },
    close: () => page.close(),
  };
}

type BidiConnection = { send(method: string, params: object): Promise<{ result: Record<string, unknown> }> };

/** Runs a script in Firefox's chrome (privileged) context, allowed by --remote-allow-system-access. */
async function chromeEvaluate(browser: PpBrowser, expression: string): Promise<unknown> {
  const bidi = (browser as unknown as { connection: BidiConnection }).connection;
  const tree = (await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as { contexts: { context: string }[] };
  const answer = await bidi.send('script.evaluate', { expression, target: { context: tree.contexts[0]!.context }, awaitPromise: true });
  return (answer.result as { result?: { value?: unknown } }).result?.value;
}

/**
 * Firefox runs an extension in private windows only with the user's permission (about:addons), which a temporary
 * install through WebDriver BiDi does not get. Grant it as about:addons does, then reload the add-on (as about:addons
 * does) before the harness opens any extension page.
 */
async function allowInPrivateBrowsing(browser: PpBrowser): Promise<void> {
  const granted = await chromeEvaluate(
    browser,
    `(async () => {
      const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
      const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
      await ExtensionPermissions.add(${JSON.stringify(FIREFOX_ADDON_ID)}, { permissions: ['internal:privateBrowsingAllowed'], origins: [] });
      const addon = await AddonManager.getAddonByID(${JSON.stringify(FIREFOX_ADDON_ID)});
      await addon.reload();
      return 'reloaded';
    })()`,
  );
  if (granted !== 'reloaded') throw new Error(`Firefox did not allow the extension in private windows: ${String(granted)}`);
}

function firefoxInternals(browser: PpBrowser): FirefoxInternals {
  return {
    setPrefs: async (prefs) => {
      const calls = Object.entries(prefs).map(([name, value]) => {
        const setter = typeof value === 'number' ? 'setIntPref' : typeof value === 'boolean' ? 'setBoolPref' : 'setStringPref';
        return `Services.prefs.${setter}(${JSON.stringify(name)}, ${JSON.stringify(value)});`;
      });
      await chromeEvaluate(browser, `(() => { ${calls.join(' ')} return true; })()`);
    },
    dnsCacheHosts: async () =>
      (await chromeEvaluate(
        browser,
        `new Promise((resolve) => Cc['@mozilla.org/network/dashboard;1'].getService(Ci.nsIDashboard)
          .requestDNSInfo((data) => resolve(JSON.stringify(data.entries.map((e) => e.hostname)))))`,
      ).then((json) => JSON.parse(String(json)))) as string[],
    clearDnsCache: async () => void (await chromeEvaluate(browser, `(() => { Services.dns.clearCache(true); return true; })()`)),
  };
}

async function launchFirefox(distFirefox: string, server: DemoServer, headless: boolean, privateWindows = false): Promise<Harness> {
  const puppeteer = (await import('puppeteer-core')).default;
  const uuid = randomUUID();
  const browser: PpBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findBinary('FIREFOX_PATH', ['firefox-esr', 'firefox']),
    headless,
    defaultViewport: { width: 1100, height: 760 },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: uuid }),
      'network.dns.localDomains': DEMO_SITES.map((s) => s.host).join(','),
      'extensions.background.idle.timeout': 2_000,
      'network.proxy.type': 0,
      'browser.cache.disk.enable': true,
    },
  });
  await browser.installExtension(distFirefox);
  if (privateWindows) await allowInPrivateBrowsing(browser);
  const extensionOrigin = `moz-extension://${uuid}`;
  const controlRaw = (await browser.pages())[0] ?? (await browser.newPage());
  const control = wrapPuppeteer(controlRaw, -1, true);
  await control.goto(`${extensionOrigin}/src/options/index.html`);
  await until(() => control.evaluate(() => typeof chrome !== 'undefined' && !!chrome.runtime?.id), Boolean, 'the Firefox control page', 10_000);
  const base = common('firefox', server, extensionOrigin, control);
  const taken = new Set<number>();
  control.tabId = await tabIdOf(base.ext, await control.evaluate(() => location.href), taken);
  taken.add(control.tabId);

  const open = async (url?: string): Promise<TabPage> => {
    const page = await browser.newPage();
    if (process.env.VIGIE_DEBUG) page.on('console', (m) => console.log('PAGE', m.text()));
    const isExtension = url?.startsWith('moz-extension:') ?? false;
    const tab = wrapPuppeteer(page, -1, isExtension);
    if (url) await tab.goto(url);
    if (isExtension && url) await until(() => tab.evaluate(() => document.readyState), (s) => s !== 'loading', url, 10_000);
    tab.tabId = await tabIdOf(base.ext, isExtension ? await tab.evaluate(() => location.href) : page.url(), taken);
    taken.add(tab.tabId);
    page.on('close', () => taken.delete(tab.tabId));
    return tab;
  };

  return {
    ...base,
    firefox: firefoxInternals(browser),
    open,
    openExtensionPage: (path) => open(`${extensionOrigin}/${path}`),
    pageBadge: async (tab) => {
      const page = (await browser.pages()).find((p) => p.url() === tab.url());
      if (!page) return { present: false };
      const rect = await page.evaluate(() => {
        const el = [...document.documentElement.children].find((e) => e.tagName === 'DIV' && e.hasAttribute('popover'));
        if (!el) return undefined;
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      });
      let label: string | undefined;
      try {
        // Puppeteer's ARIA selector goes through the browser's accessibility tree, across closed shadow roots.
        const handle = await page.waitForSelector('::-p-aria([role="status"])', { timeout: 1_000 });
        label = (await handle?.evaluate((el) => el.getAttribute('aria-label') ?? '')) ?? undefined;
        await handle?.dispose();
      } catch {
        label = undefined;
      }
      return { present: rect !== undefined && rect.width > 0, ...(label ? { label } : {}), ...(rect ? { rect } : {}) };
    },
    stopBackground: async () => {
      // Firefox suspends an idle event page after extensions.background.idle.timeout (2 s here).
      const before = await base.stats();
      await new Promise((r) => setTimeout(r, 4_500));
      const after = await base.stats();
      if (after.startedAt === before.startedAt) throw new Error('the Firefox event page did not suspend');
    },
    close: async () => {
      await browser.close();
    },
  };
}

/** Launches a browser with the built extension, a fresh profile and the demo server, and waits until it is ready. */
/**
 * `initScript` (Chromium): a script run in every page before its own, e.g. the helper that functions compiled by tsx
 * need when a bench sends them into pages (TSX_EVALUATE_FIX). `dist`: another build (a bench comparing commits).
 */
export async function launch(
  name: BrowserName,
  options: { headless?: boolean; initScript?: string; dist?: string; privateWindows?: boolean } = {},
): Promise<Harness> {
  const headless = options.headless ?? true;
  const dist = options.dist ?? join(ROOT, name === 'chromium' ? 'dist' : 'dist-firefox');
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`${dist} is missing: run npm run build first.`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startDemoServer();
  const started = await (name === 'chromium'
    ? launchChromium(dist, server, headless, options.initScript, options.privateWindows)
    : launchFirefox(dist, server, headless, options.privateWindows)
  ).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  // The demo server belongs to this harness: closing the browser alone left it listening, and a bench never exited.
  const harness: Harness = {
    ...started,
    close: () => started.close().finally(() => server.close()),
    // A stored change reaches the background through its storage event: wait until it applies it (the warm-up page
    // once loaded before the demo rules were set and never got its verdict).
    settings: async (change) => {
      await started.settings(change);
      const applied = (s: BackgroundStats | null) => !!s && Object.entries(change).every(([key, value]) => JSON.stringify(s.settings[key as keyof Settings]) === JSON.stringify(value));
      await until(() => harness.stats(), applied, 'the background to apply the settings', 15_000);
    },
  };
  // Readiness barrier: one round trip through the background, then demo rules, then a warm-up page fully reported.
  await until(() => harness.stats(), (s) => typeof s?.startedAt === 'number', 'the background to answer', 15_000);
  await harness.settings({ rules: DEMO_RULES });
  const warm = await harness.open(harness.url('boutique-demo.test'));
  await harness.waitForReport(warm.tabId, (r) => r.main?.provider?.id === 'aws', 'the warm-up page verdict');
  await warm.close();
  return harness;
}

/** tsx compiles with esbuild's keepNames: functions it sends into pages call a `__name` helper that pages lack. */
export const TSX_EVALUATE_FIX = 'globalThis.__name = (f) => f';

/** The profile-independent state dir for screenshots and logs. */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
