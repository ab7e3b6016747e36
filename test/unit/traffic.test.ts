/**
 * The background in Node, with only src/platform/browser.ts replaced by the in-memory fake
 * (test/fixtures/fake-platform.ts): the platform's conversion of webRequest events, the observer, the tab store,
 * messaging and the surfaces run for real. What a starting worker says before and after its full routing table
 * arrives; URL changes without a new document; private tabs; retention and a full storage.session.
 * Self-contained: passes alone or with the rest of the suite.
 */
import { describe, expect, it, vi } from 'vitest';
import type { MessageSender } from '../../src/platform/browser.ts';
import type { RawResponse } from '../../src/platform/background.ts';
import { CLINIC_PAGE, signals } from '../fixtures/page-signals.ts';
import { renderPlainEnglish } from '../../src/shared/evidence-text.ts';

vi.mock('../../src/platform/browser.ts', () => import('../fixtures/fake-platform.ts'));
vi.mock('../../src/platform/packaged-file.ts', () => import('../fixtures/fake-platform.ts'));

const fake = await import('../fixtures/fake-platform.ts');

// Two web pages were open when this worker started: one already judged, one a stopped worker never read (its
// 'complete' event was lost with the worker).
fake.browser.tabs.query = async () => [
  { id: 80, url: 'https://judged.example.fr/' },
  { id: 81, url: 'https://missed.example.fr/' },
  { id: 82, url: 'about:blank' },
];
await fake.sessionArea.set({
  'tab:80': {
    report: { tabId: 80, url: 'https://judged.example.fr/', host: 'judged.example.fr', pageKind: 'web', main: null, hosts: [], droppedHosts: 0, health: { health: false, score: 0, reasons: [] }, level: 'unknown', updatedAt: 1 },
    previous: [],
  },
});

// The full routing table is read only when the test says so.
let releaseFullTable: () => void = () => undefined;
fake.packagedFileGates.set('asn-table.bin', new Promise<void>((resolve) => (releaseFullTable = resolve)));

const AT = Date.parse('2026-11-28T12:00:00Z');

/** A webRequest onResponseStarted event as the browser sends it. */
const response = (tabId: number, url: string, ip: string | undefined, type = 'main_frame', extra: Record<string, unknown> = {}): RawResponse => ({
  tabId,
  frameId: 0,
  url,
  method: 'GET',
  type,
  ...(ip ? { ip } : {}),
  fromCache: false,
  timeStamp: AT,
  ...extra,
});

async function background() {
  const platform = await import('../../src/platform/background.ts');
  const traffic = await import('../../src/background/traffic.ts');
  const store = await import('../../src/background/tab-store.ts');
  const engine = await import('../../src/background/engine.ts');
  const messaging = await import('../../src/background/messaging.ts');
  const settings = await import('../../src/background/settings-store.ts');
  await (await import('../../src/background/index.ts')).backgroundReady;
  const observe = (raw: RawResponse) => traffic.observeResponse(platform.observationOf(raw));
  return { platform, traffic, store, engine, messaging, settings, observe };
}

const HEALTH_PAGE = CLINIC_PAGE;

/** A content script's message as the platform hands it to the background. */
function fromPage(tabId: number, url: string, change: Partial<MessageSender> = {}): MessageSender {
  return { ownExtension: true, extensionPage: false, tabId, frameId: 0, url, incognito: false, ...change };
}

describe('background observer', () => {
  it('answers a known provider from the small table at once, and names other networks once the full table is in', async () => {
    const { store, engine, observe } = await background();
    observe(response(1, 'https://www.mutuelle.example/', '51.91.0.1'));
    expect(store.getTab(1)?.report.main).toMatchObject({ asn: 16276, provider: { id: 'ovhcloud' }, level: 'secnumcloud-provider' });

    observe(response(2, 'https://www.example.com.au/', '1.0.4.1'));
    // No other test of this file opens the full table's gate (npm test shuffles them): the message says if one did.
    const seen = JSON.stringify({ reads: fake.packagedFileReads, tableLoadMs: engine.tableLoadMs });
    expect(store.getTab(2)?.report.main, seen).toMatchObject({ asn: null, level: 'unknown' });

    releaseFullTable();
    await engine.fullTableReady;
    await vi.waitFor(() => expect(store.getTab(2)?.report.main).toMatchObject({ asn: 38803, asName: 'Gtelecom Pty Ltd' }));
    expect(store.getTab(2)?.report.level).toBe('unknown');
  });

  it('counts later responses of a host without identifying it again, and keeps third parties apart', async () => {
    const { store, observe } = await background();
    observe(response(3, 'https://clinique.example.fr/', '20.50.2.17'));
    const main = store.getTab(3)?.report.main;
    for (let i = 0; i < 5; i++) observe(response(3, `https://clinique.example.fr/app${i}.js`, '20.50.2.17', 'script'));
    observe({ ...response(3, 'https://www.google-analytics.com/collect', '142.250.179.78', 'xmlhttprequest'), method: 'POST' });
    const report = store.getTab(3)!.report;
    expect(report.main).toBe(main);
    expect(report.hosts.find((h) => h.verdict.host === 'clinique.example.fr')).toMatchObject({ requests: 6, sentData: 0, firstParty: true });
    expect(report.hosts.find((h) => h.verdict.host === 'www.google-analytics.com')).toMatchObject({ requests: 1, sentData: 1, firstParty: false });
    expect(report.main?.provider?.id).toBe('microsoft');
    expect(fake.recorded.badges.some((b) => b.tabId === 3 && b.text === 'US!')).toBe(true);
  });

  it('lowers a host\'s verdict when a later response of it reveals an extra-EU origin or comes from another network, never raises it', async () => {
    // Every address here is a catalog provider's, answered by the small table: the full table's gate stays closed, so
    // that the first test of this file finds it closed whatever the order (npm test shuffles the tests).
    const { store, observe } = await background();
    // The page answers from OVHcloud; a later response of the same host carries Amazon S3's headers.
    observe(response(7, 'https://portail.mutuelle.example/', '51.91.0.11'));
    expect(store.getTab(7)!.report.level).toBe('secnumcloud-provider');
    observe(response(7, 'https://portail.mutuelle.example/dossier.pdf', '51.91.0.11', 'xmlhttprequest', { responseHeaders: [{ name: 'server', value: 'AmazonS3' }] }));
    expect(store.getTab(7)!.report.main).toMatchObject({ provider: { id: 'ovhcloud' }, level: 'extra-eu', revealedOrigin: { provider: { id: 'aws' } } });
    expect(store.getTab(7)!.report.hosts[0]!.requests).toBe(2);
    expect(fake.recorded.badges.some((b) => b.tabId === 7 && b.text === 'US!')).toBe(true);

    // The same host answers later from an Amazon address (another DNS answer, an HTTP/3 alternative service).
    observe(response(8, 'https://rdv.mutuelle.example/', '51.91.0.12'));
    observe(response(8, 'https://rdv.mutuelle.example/api', '3.250.0.1', 'xmlhttprequest'));
    const moved = store.getTab(8)!.report.main!;
    expect(moved).toMatchObject({ ip: '3.250.0.1', provider: { id: 'aws' }, level: 'extra-eu' });
    expect(moved.evidence.some((e) => e.kind === 'ip' && e.subject === '51.91.0.12' && /also answered from 51\.91\.0\.12/.test(renderPlainEnglish(e.message)))).toBe(true);

    // A first answer from the cache, without address, named CloudFront; the address that comes later does not erase it.
    observe(response(10, 'https://cache-only.mutuelle.example/', undefined, 'main_frame', { fromCache: true, responseHeaders: [{ name: 'x-amz-cf-id', value: 'Zq0==' }] }));
    expect(store.getTab(10)!.report.main).toMatchObject({ ip: null, provider: { id: 'aws' }, level: 'extra-eu' });
    observe(response(10, 'https://cache-only.mutuelle.example/app.js', '51.91.0.14', 'script'));
    expect(store.getTab(10)!.report.main).toMatchObject({ ip: '51.91.0.14', provider: { id: 'ovhcloud' }, level: 'extra-eu', revealedOrigin: { provider: { id: 'aws' } } });

    // The other way round, nothing is raised: an OVHcloud answer after an Amazon one leaves the page extra-EU.
    observe(response(9, 'https://app.mutuelle.example/', '3.250.0.2'));
    observe(response(9, 'https://app.mutuelle.example/x.js', '51.91.0.13', 'script'));
    expect(store.getTab(9)!.report.main).toMatchObject({ ip: '3.250.0.2', provider: { id: 'aws' }, level: 'extra-eu' });
  });

  it('ignores requests without a tab unless a tab shows the page that sent them', async () => {
    const { traffic, store, platform, observe } = await background();
    // Its own tab and page, so that the test holds alone and in any order.
    observe(response(41, 'https://www.mutuelle-beacon.example/', '51.91.0.3', 'main_frame'));
    // Tab-less requests count for a tab whose sub-resources are observed (issue 15): tab 41 is, here.
    platform.observeSubresources(41, true);
    const before = traffic.behindTheSceneCount();
    observe(response(-1, 'https://update.example/', '51.91.0.1', 'other'));
    expect(traffic.behindTheSceneCount()).toBe(before + 1);
    observe({ ...response(-1, 'https://beacon.example.net/b', '51.91.0.2', 'beacon'), method: 'POST', originUrl: 'https://www.mutuelle-beacon.example/?session=42' });
    expect(store.getTab(41)?.report.hosts.find((h) => h.verdict.host === 'beacon.example.net')?.sentData).toBe(1);
  });

  it('gives a response without IP the address its host had earlier, and says so', async () => {
    const { store, observe } = await background();
    observe(response(4, 'https://cache.example.fr/', '51.91.0.7'));
    observe(response(5, 'https://cache.example.fr/', undefined, 'main_frame', { fromCache: true }));
    const main = store.getTab(5)!.report.main!;
    expect(main).toMatchObject({ ip: '51.91.0.7', provider: { id: 'ovhcloud' } });
    expect(main.evidence.some((e) => e.kind === 'cache')).toBe(true);
  });

  it('behind a proxy, says unknown and remembers nothing', async () => {
    const { store, observe } = await background();
    observe(response(6, 'https://proxied.example.fr/', '51.91.0.9', 'main_frame', { proxyInfo: { host: 'proxy.corp', port: 3128, type: 'http' } }));
    expect(store.getTab(6)!.report.level).toBe('unknown');
    expect(store.rememberedIp('proxied.example.fr')).toBeUndefined();
  });
});

describe('documents, not URLs', () => {
  it('keeps the verdict when the page removes its utm_* parameters before its content script speaks (replaceState)', async () => {
    const { store, messaging, observe } = await background();
    observe(response(10, 'https://clinique-lilas.example.fr/?utm_source=newsletter&utm_medium=email', '20.50.2.17'));
    expect(store.getTab(10)!.report.url).toBe('https://clinique-lilas.example.fr/');
    // The page called history.replaceState to '/accueil' while it loaded: its content script reports that URL.
    const badge = await messaging.handleMessage(
      { type: 'page-signals', navigation: 'load', signals: signals('https://clinique-lilas.example.fr/accueil', HEALTH_PAGE) },
      fromPage(10, 'https://clinique-lilas.example.fr/accueil'),
    );
    const report = store.getTab(10)!.report;
    expect(report).toMatchObject({ url: 'https://clinique-lilas.example.fr/accueil', level: 'extra-eu', main: { provider: { id: 'microsoft' } } });
    expect(report.health?.health).toBe(true);
    expect(badge).toMatchObject({ show: true, level: 'extra-eu' });
  });

  it('follows pushState and hash changes, and re-decides health on the new page', async () => {
    const { store, messaging, observe } = await background();
    observe(response(11, 'https://app.clinique-lilas.example.fr/', '20.50.2.17'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://app.clinique-lilas.example.fr/', HEALTH_PAGE) }, fromPage(11, 'https://app.clinique-lilas.example.fr/'));
    const url = 'https://app.clinique-lilas.example.fr/rendez-vous?motif=1#etape-2';
    await messaging.handleMessage({ type: 'page-signals', navigation: 'history', signals: signals(url, HEALTH_PAGE) }, fromPage(11, url));
    expect(store.getTab(11)!.report).toMatchObject({ url: 'https://app.clinique-lilas.example.fr/rendez-vous', main: { provider: { id: 'microsoft' } } });
    expect(store.getTab(11)!.report.hosts).toHaveLength(1);
  });

  it('never lets a page of another origin take a report over', async () => {
    const { store, messaging, observe } = await background();
    observe(response(12, 'https://www.clinique.example/', '20.50.2.17'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://autre.example.org/', HEALTH_PAGE) }, fromPage(12, 'https://autre.example.org/'));
    expect(store.getTab(12)!.report).toMatchObject({ host: 'autre.example.org', main: null, level: 'unknown' });
  });

  it('in Chromium, a document is its documentId: another document at another URL is another page', async () => {
    const { store, messaging, observe } = await background();
    observe(response(13, 'https://docs.example.fr/a', '20.50.2.17'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://docs.example.fr/a') }, fromPage(13, 'https://docs.example.fr/a', { documentId: 'DOC-A' }));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'history', signals: signals('https://docs.example.fr/b') }, fromPage(13, 'https://docs.example.fr/b', { documentId: 'DOC-A' }));
    expect(store.getTab(13)!.report).toMatchObject({ url: 'https://docs.example.fr/b', main: { provider: { id: 'microsoft' } } });
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://docs.example.fr/c') }, fromPage(13, 'https://docs.example.fr/c', { documentId: 'DOC-C' }));
    expect(store.getTab(13)!.report).toMatchObject({ url: 'https://docs.example.fr/c', main: null });
  });

  it("a waking Firefox event page that gets the page's message before its response keeps the health decision", async () => {
    const { store, messaging, observe } = await background();
    observe(response(15, 'https://www.labo-lilas.fr/', '51.91.0.15'));
    observe(response(15, 'https://www.cabinet-lilas.fr/', '20.50.2.15'));
    // Back to the first site by a new load: the page speaks first (its earlier report is restored), then the response.
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://www.labo-lilas.fr/', HEALTH_PAGE) }, fromPage(15, 'https://www.labo-lilas.fr/'));
    observe(response(15, 'https://www.labo-lilas.fr/', '51.91.0.16'));
    expect(store.getTab(15)!.report).toMatchObject({ url: 'https://www.labo-lilas.fr/', health: { health: true }, main: { ip: '51.91.0.16' } });
    // A reload whose page speaks before its response (same URL): the response keeps what the page said.
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://www.labo-lilas.fr/', HEALTH_PAGE) }, fromPage(15, 'https://www.labo-lilas.fr/'));
    observe(response(15, 'https://www.labo-lilas.fr/', '51.91.0.17'));
    expect(store.getTab(15)!.report).toMatchObject({ health: { health: true }, main: { ip: '51.91.0.17' } });
    // A later load of another page starts afresh: its own content script will decide.
    observe(response(15, 'https://www.labo-lilas.fr/contact', '51.91.0.17'));
    expect(store.getTab(15)!.report.health).toBeNull();
  });

  it("a reload's new document, speaking before its response (Firefox names documents too), gets the report and its badge", async () => {
    const { store, messaging, observe } = await background();
    const url = 'https://www.radiologie-lilas.fr/';
    observe(response(16, url, '20.50.2.16'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(url, HEALTH_PAGE) }, fromPage(16, url, { documentId: 'DOC-OLD' }));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(url, HEALTH_PAGE) }, fromPage(16, url, { documentId: 'DOC-NEW' }));
    observe(response(16, url, '20.50.2.16'));
    expect(store.getTab(16)!.documentId).toBe('DOC-NEW');
    // The user hides the badge: the new document is told, not the one that is gone.
    await messaging.handleMessage({ type: 'dismiss-badge' }, fromPage(16, url, { documentId: 'DOC-NEW' }));
    expect(fake.recorded.toTabs.filter((m) => m.tabId === 16).at(-1)).toMatchObject({ documentId: 'DOC-NEW', message: { type: 'badge', badge: { show: false } } });
  });

  it('a download (attachment, or a type no browser shows) or an answer without content (204) leaves the tab its page, and the page its verdict', async () => {
    const { store, messaging, observe, traffic, platform } = await background();
    const page = 'https://www.clinique-iris.example.fr/';
    observe(response(17, page, '20.50.2.17'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(page, HEALTH_PAGE) }, fromPage(17, page));
    // A link to a prescription on an OVHcloud address, served as an attachment (the header in any case): a download.
    observe(response(17, 'https://docs.iris-sante.example/ordonnance.pdf', '51.91.0.17', 'main_frame', { statusCode: 200, responseHeaders: [{ name: 'Content-Disposition', value: ' Attachment; filename="ordonnance.pdf"' }] }));
    // Types no browser shows as a page are downloaded too, without a Content-Disposition.
    observe(response(17, 'https://docs.iris-sante.example/resultats.zip', '51.91.0.17', 'main_frame', { statusCode: 200, responseHeaders: [{ name: 'content-type', value: 'Application/Zip' }] }));
    observe(response(17, 'https://docs.iris-sante.example/cr.docx', '51.91.0.17', 'main_frame', { statusCode: 200, responseHeaders: [{ name: 'Content-Type', value: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }] }));
    // A form posted to the top level, redirected, then answered 204: the browser stays on the page.
    traffic.observeRedirect(platform.observationOf({ ...response(17, 'https://envoi.iris-sante.example/form', '51.91.0.18', 'main_frame', { statusCode: 307 }), method: 'POST' }));
    observe({ ...response(17, 'https://collecte.iris-sante.example/ok', '51.91.0.19', 'main_frame', { statusCode: 204 }), method: 'POST' });
    const report = store.getTab(17)!.report;
    expect(report).toMatchObject({ url: page, host: 'www.clinique-iris.example.fr', level: 'extra-eu', health: { health: true }, main: { provider: { id: 'microsoft' } } });
    expect(report.hosts.map((h) => [h.verdict.host, h.sentData])).toEqual([
      ['www.clinique-iris.example.fr', 0],
      ['docs.iris-sante.example', 0],
      ['envoi.iris-sante.example', 1],
      ['collecte.iris-sante.example', 1],
    ]);
    expect(report.hosts.find((h) => h.verdict.host === 'docs.iris-sante.example')?.requests).toBe(3);
    expect(fake.recorded.badges.filter((b) => b.tabId === 17).at(-1)?.text).toBe('US!');
    // An inline PDF is a document: the next page starts afresh, with none of the hosts above.
    observe(response(17, 'https://docs.iris-sante.example/notice.pdf', '51.91.0.17', 'main_frame', { statusCode: 200, responseHeaders: [{ name: 'content-type', value: 'application/pdf' }, { name: 'content-disposition', value: 'inline; filename="attachment.pdf"' }] }));
    expect(store.getTab(17)!.report).toMatchObject({ url: 'https://docs.iris-sante.example/notice.pdf', level: 'secnumcloud-provider', health: null });
    expect(store.getTab(17)!.report.hosts).toHaveLength(1);
  });

  it('a tab that goes to a local file, about:blank or an error page of another site does not keep the last page\'s verdict', async () => {
    const { store, messaging, observe } = await background();
    const page = 'https://www.clinique-iris.example.fr/rdv';
    // The browser gives the URL only within the host permissions (http, https): a local file or about:blank has none.
    const tabUpdated = (url: string) =>
      /^https?:/.test(url) ? fake.events.tabUpdated.fire(18, { status: 'loading', url }, { id: 18, url, incognito: false }) : fake.events.tabUpdated.fire(18, { status: 'loading' }, { id: 18, incognito: false });
    observe(response(18, page, '20.50.2.17'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(page, HEALTH_PAGE) }, fromPage(18, page));
    const lastBadge = () => fake.recorded.badges.filter((b) => b.tabId === 18).at(-1)?.text;
    expect(lastBadge()).toBe('US!');
    for (const url of ['file:///home/patient/compte-rendu.html', 'about:blank']) {
      tabUpdated(url);
      expect(store.getTab(18)!.report).toMatchObject({ pageKind: 'unsupported', main: null, health: null, hosts: [] });
      expect(lastBadge()).toBe('');
      // Back to the page (back/forward cache: no request): its report comes back.
      tabUpdated(page);
      expect(store.getTab(18)!.report).toMatchObject({ url: page, level: 'extra-eu', health: { health: true } });
    }
    // A link to a site that does not answer: the browser shows its error page at that URL, and no response comes.
    tabUpdated('https://injoignable.example/');
    expect(store.getTab(18)!.report).toMatchObject({ url: 'https://injoignable.example/', pageKind: 'web', main: null, level: 'unknown', hosts: [] });
    expect(lastBadge()).toBe('');
    // A URL change within the page's origin (pushState) still keeps the report, which follows the page once it is read.
    observe(response(18, page, '20.50.2.17'));
    tabUpdated('https://www.clinique-iris.example.fr/rdv/etape-2');
    expect(store.getTab(18)!.report).toMatchObject({ url: page, level: 'extra-eu' });
  });

  it('a navigation that failed says the page did not load, in either order of the error and the tab\'s URL; stopped or replaced ones leave the page its report', async () => {
    const { store, messaging, observe } = await background();
    const page = 'https://www.clinique-iris.example.fr/rdv';
    const tabUpdated = (tabId: number, url: string, change: Record<string, unknown> = { status: 'loading', url }, incognito = false) =>
      fake.events.tabUpdated.fire(tabId, change, { id: tabId, url, incognito });
    const failed = (tabId: number, url: string, error: unknown, requestId: string, extra: Record<string, unknown> = {}) =>
      fake.events.errorOccurred.fire({ tabId, frameId: 0, url, type: 'main_frame', error, requestId, timeStamp: AT, ...extra });
    const toolbar = (tabId: number) => fake.recorded.toolbars.get(tabId);
    const healthPage = async (tabId: number) => {
      observe(response(tabId, page, '20.50.2.17', 'main_frame', { requestId: `page-${tabId}` }));
      tabUpdated(tabId, page);
      await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(page, HEALTH_PAGE) }, fromPage(tabId, page));
      expect(toolbar(tabId)?.text).toBe('US!');
    };

    // Chromium: the error comes first, then the commit of its error page (the failed URL in tabs.onUpdated).
    await healthPage(90);
    failed(90, 'https://injoignable.example/?q=1', 'net::ERR_CONNECTION_REFUSED', 'nav-90');
    // Nothing changes while the tab still shows the page.
    expect(store.getTab(90)!.report).toMatchObject({ url: page, level: 'extra-eu' });
    tabUpdated(90, 'https://injoignable.example/?q=1');
    expect(store.getTab(90)!.report).toMatchObject({ url: 'https://injoignable.example/', main: null, hosts: [], loadError: { reason: 'refused', code: 'net::ERR_CONNECTION_REFUSED' } });
    expect(toolbar(90)).toMatchObject({ text: '', title: expect.stringContaining('Cette page ne s’est pas chargée (la connexion a été refusée)') });
    // Back to the working page restores its report; the failed page, reloaded and answered, starts a report as usual.
    tabUpdated(90, page);
    expect(store.getTab(90)!.report).toMatchObject({ url: page, level: 'extra-eu', health: { health: true } });
    expect(toolbar(90)?.text).toBe('US!');
    tabUpdated(90, 'https://injoignable.example/');
    observe(response(90, 'https://injoignable.example/', '51.91.0.90', 'main_frame', { requestId: 'nav-90b' }));
    expect(store.getTab(90)!.report).toMatchObject({ url: 'https://injoignable.example/', main: { provider: { id: 'ovhcloud' } } });
    expect(store.getTab(90)!.report.loadError).toBeUndefined();

    // Firefox: the error page's URL first (a report without verdict), then the error.
    await healthPage(91);
    tabUpdated(91, 'https://introuvable.example/');
    expect(store.getTab(91)!.report).toMatchObject({ url: 'https://introuvable.example/', main: null });
    expect(store.getTab(91)!.report.loadError).toBeUndefined();
    failed(91, 'https://introuvable.example/', 'NS_ERROR_UNKNOWN_HOST', 'nav-91');
    expect(store.getTab(91)!.report.loadError).toEqual({ reason: 'not-found', code: 'NS_ERROR_UNKNOWN_HOST' });
    expect(toolbar(91)).toMatchObject({ text: '', title: expect.stringContaining('l’adresse est introuvable') });
    await vi.waitFor(() => expect(JSON.stringify(fake.sessionArea.data.get('tab:91') ?? null)).toContain('NS_ERROR_UNKNOWN_HOST'));

    // Stopped, replaced by another navigation, a download, a 204: the tab keeps its page, and the page its report.
    await healthPage(92);
    failed(92, 'https://lent.example/', 'net::ERR_ABORTED', 'nav-92a');
    failed(92, 'https://lent.example/', 'NS_BINDING_ABORTED', 'nav-92b');
    // Even a stop of a reload of the page shown (the tab shows its URL).
    failed(92, page, 'net::ERR_ABORTED', 'nav-92c');
    failed(92, page, 'NS_BINDING_ABORTED', 'nav-92d');
    // A transfer cut after the page's response started: its document is there.
    failed(92, page, 'net::ERR_CONTENT_LENGTH_MISMATCH', 'page-92');
    // A failed request the tab never showed (a prerender without its header, a frame): nothing, now or at a later page.
    failed(92, 'https://autre.example/', 'net::ERR_NAME_NOT_RESOLVED', 'nav-92e', { frameId: 3 });
    failed(92, 'https://autre.example/', 'net::ERR_NAME_NOT_RESOLVED', 'nav-92f', { documentLifecycle: 'prerender' });
    fake.events.sendHeaders.fire({ requestId: 'spec-92', tabId: 92, type: 'main_frame', url: 'https://autre.example/', requestHeaders: [{ name: 'Sec-Purpose', value: 'prefetch;prerender' }] });
    failed(92, 'https://autre.example/', 'net::ERR_CONNECTION_RESET', 'spec-92');
    expect(store.getTab(92)!.report).toMatchObject({ url: page, level: 'extra-eu', health: { health: true } });
    expect(store.getTab(92)!.report.loadError).toBeUndefined();
    expect(toolbar(92)?.text).toBe('US!');
    // Then the user goes there (a page shown from a prerender: no response of its own): no load error either.
    tabUpdated(92, 'https://autre.example/');
    expect(store.getTab(92)!.report).toMatchObject({ url: 'https://autre.example/', main: null });
    expect(store.getTab(92)!.report.loadError).toBeUndefined();

    // A reload of the page shown that fails: the tab shows the error page at the same URL; back keeps the verdict.
    await healthPage(93);
    failed(93, page, 'NS_ERROR_NET_TIMEOUT', 'nav-93');
    expect(store.getTab(93)!.report).toMatchObject({ url: page, main: null, health: null, loadError: { reason: 'timed-out' } });
    expect(store.getTab(93)!.previous[0]).toMatchObject({ url: page, level: 'extra-eu' });
    expect(toolbar(93)?.text).toBe('');

    // A worker started after the error page's commit (no tabs.onUpdated seen): the report that commit started says it.
    store.startPage(95, 'https://redemarrage.example/', AT, false);
    failed(95, 'https://redemarrage.example/', 'net::ERR_NAME_NOT_RESOLVED', 'nav-95');
    expect(store.getTab(95)!.report.loadError).toEqual({ reason: 'not-found', code: 'net::ERR_NAME_NOT_RESOLVED' });

    // A new tab whose first navigation fails (no report yet), in a private window: said, and kept in memory only.
    failed(94, 'https://prive-injoignable.example/', 'Peer’s Certificate issuer is not recognized.\n'.repeat(5_000), 'nav-94', { incognito: true });
    tabUpdated(94, 'https://prive-injoignable.example/', undefined, true);
    const privateReport = store.getTab(94)!.report;
    expect(privateReport.loadError?.reason).toBe('secure-connection');
    expect(privateReport.loadError!.code.length).toBeLessThanOrEqual(160);
    expect(privateReport.loadError!.code).not.toContain('\n');
    expect(store.getTab(94)!.private).toBe(true);
    expect(fake.sessionArea.data.has('tab:94')).toBe(false);
    // A page that then speaks for that URL exists (a service worker answered it): it loaded after all.
    await messaging.handlePageRead({ tabId: 94, documentId: 'DOC-94', incognito: true, navigation: 'load', withBadgeScript: false, value: { signals: signals('https://prive-injoignable.example/', HEALTH_PAGE), loaded: [] } });
    expect(store.getTab(94)!.report.loadError).toBeUndefined();
    expect(store.getTab(94)!.report.main).toMatchObject({ host: 'prive-injoignable.example', level: 'unknown' });
  });

  it('a redirect chain that never reached a response (an error, a stop) lends its hops to no later page', async () => {
    const { store, traffic, platform, observe } = await background();
    const hop = (url: string, requestId: string) => traffic.observeRedirect(platform.observationOf(response(19, url, '20.50.2.19', 'main_frame', { statusCode: 302, requestId })));
    // A link through a tracker's redirect to a site that does not answer: the browser shows an error page.
    hop('https://suivi.pub-tracker.example/r?to=injoignable', 'nav-1');
    // The user then opens a health page, which redirects once to its canonical address.
    hop('https://centre-iris.example.fr/', 'nav-2');
    observe(response(19, 'https://www.centre-iris.example.fr/', '51.91.0.19', 'main_frame', { requestId: 'nav-2' }));
    expect(store.getTab(19)!.report.hosts.map((h) => h.verdict.host)).toEqual(['centre-iris.example.fr', 'www.centre-iris.example.fr']);
  });

  it('a page served by a service worker (no main-frame response in either browser) gets its host\'s verdict, said to come without an address', async () => {
    const { store, messaging, observe, traffic } = await background();
    // Earlier this session, a response of the host with its address.
    observe(response(24, 'https://app.centre-iris.example.fr/', '20.50.2.24'));
    // Chromium: the reader's result at the load's end, in a tab whose document came from the service worker.
    const url = 'https://app.centre-iris.example.fr/rendez-vous';
    await messaging.handlePageRead({ tabId: 25, documentId: 'SW-DOC', incognito: false, navigation: 'load', withBadgeScript: false, value: { signals: signals(url, HEALTH_PAGE), loaded: [] } });
    const report = store.getTab(25)!.report;
    expect(report).toMatchObject({ url, level: 'extra-eu', health: { health: true }, main: { ip: '20.50.2.24', provider: { id: 'microsoft' } } });
    expect(report.main!.evidence.some((e) => e.kind === 'cache' && e.subject === '20.50.2.24')).toBe(true);
    expect(fake.recorded.badges.filter((b) => b.tabId === 25).at(-1)?.text).toBe('US!');
    // A host never seen this session: unknown, not "waiting for the server's response" for ever.
    const other = 'https://pwa.iris-inconnu.example/';
    await messaging.handlePageRead({ tabId: 26, documentId: 'SW-DOC-2', incognito: false, navigation: 'load', withBadgeScript: false, value: { signals: signals(other, HEALTH_PAGE), loaded: [] } });
    expect(store.getTab(26)!.report.main).toMatchObject({ host: 'pwa.iris-inconnu.example', ip: null, level: 'unknown' });
    // Firefox: the page's message may come before its response; the verdict waits for it, and the response wins.
    const firefoxUrl = 'https://app.centre-iris.example.fr/dossier';
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(firefoxUrl, HEALTH_PAGE) }, fromPage(27, firefoxUrl));
    expect(store.getTab(27)!.report.main).toBeNull();
    observe(response(27, firefoxUrl, '51.91.0.27'));
    await new Promise((r) => setTimeout(r, traffic.LIST_SETTLE_MS + 100));
    expect(store.getTab(27)!.report.main).toMatchObject({ ip: '51.91.0.27', provider: { id: 'ovhcloud' } });
    // And a message with no response at all gets the verdict once that time has passed: the host's last address.
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(url, HEALTH_PAGE) }, fromPage(28, url));
    expect(store.getTab(28)!.report.main).toBeNull();
    await vi.waitFor(() => expect(store.getTab(28)!.report.main).toMatchObject({ ip: '51.91.0.27', provider: { id: 'ovhcloud' } }), { timeout: 3_000 });
    expect(store.getTab(28)!.report.main!.evidence.some((e) => e.kind === 'cache')).toBe(true);
  });

  it('a page prerendered in the tab (Chromium speculation rules) leaves the shown page its report until it is shown', async () => {
    const { store, messaging, observe } = await background();
    const page = 'https://www.clinique-iris.example.fr/';
    observe(response(29, page, '20.50.2.29'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(page, HEALTH_PAGE) }, fromPage(29, page));
    // A prerender's main-frame response in another frame of the tab; and one Chromium 156 reports as frame 0 and
    // 'active', told only by its request's Sec-Purpose header (onSendHeaders, before the response).
    observe(response(29, 'https://rdv.iris-sante.example/', '51.91.0.29', 'main_frame', { frameId: 6 }));
    fake.events.sendHeaders.fire({ requestId: 'spec-1', tabId: 29, type: 'main_frame', url: 'https://rdv.iris-sante.example/suite', requestHeaders: [{ name: 'Sec-Purpose', value: 'prefetch;prerender' }] });
    observe(response(29, 'https://rdv.iris-sante.example/suite', '51.91.0.29', 'main_frame', { requestId: 'spec-1', documentLifecycle: 'active' }));
    expect(store.getTab(29)!.report).toMatchObject({ url: page, level: 'extra-eu', health: { health: true } });
    expect(store.getTab(29)!.report.hosts.map((h) => h.verdict.host)).toEqual(['www.clinique-iris.example.fr']);
    expect(fake.recorded.badges.filter((b) => b.tabId === 29).at(-1)?.text).toBe('US!');
    // The user's own navigation to it (another request, no Sec-Purpose) is the page.
    fake.events.sendHeaders.fire({ requestId: 'nav-2', tabId: 29, type: 'main_frame', url: 'https://rdv.iris-sante.example/suite', requestHeaders: [{ name: 'Accept', value: 'text/html' }] });
    observe(response(29, 'https://rdv.iris-sante.example/suite', '51.91.0.29', 'main_frame', { requestId: 'nav-2', documentLifecycle: 'active' }));
    expect(store.getTab(29)!.report).toMatchObject({ url: 'https://rdv.iris-sante.example/suite', level: 'secnumcloud-provider' });
  });

  it('refuses signals that describe another document than the sender', async () => {
    const { store, messaging, observe } = await background();
    observe(response(14, 'https://vrai.example.fr/', '20.50.2.17'));
    const reply = await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://ailleurs.example.fr/', HEALTH_PAGE) }, fromPage(14, 'https://vrai.example.fr/'));
    expect(reply).toBeNull();
    expect(store.getTab(14)!.report.health).toBeNull();
  });
});

describe('private tabs', () => {
  it('keep their reports in memory only: nothing in storage, the IP memory or the history', async () => {
    const { store, messaging, settings, observe } = await background();
    await settings.updateSettings(() => ({ history: true }));
    observe(response(20, 'https://prive.example.fr/?q=secret', '51.91.0.20', 'main_frame', { incognito: true }));
    await messaging.handleMessage(
      { type: 'page-signals', navigation: 'load', signals: signals('https://prive.example.fr/', HEALTH_PAGE) },
      fromPage(20, 'https://prive.example.fr/', { incognito: true }),
    );
    await store.flush();
    await new Promise((r) => setTimeout(r, 250));
    await store.flush();
    expect(store.getTab(20)!.report.main?.provider?.id).toBe('ovhcloud');
    expect(fake.sessionArea.data.has('tab:20')).toBe(false);
    expect(store.rememberedIp('prive.example.fr')).toBeUndefined();
    expect(JSON.stringify([...fake.sessionArea.data])).not.toContain('prive.example.fr');
    expect(JSON.stringify([...fake.localArea.data])).not.toContain('prive.example.fr');
    await settings.updateSettings(() => ({ history: false }));
  });

  it("a private window's tab-less beacon (Firefox) never counts for a normal tab showing the same page, nor the reverse", async () => {
    const { store, platform, observe } = await background();
    const page = 'https://www.centre-iris.example.fr/';
    // The same page in a private tab and, opened later, in a normal one; both observed.
    observe(response(21, page, '51.91.0.21', 'main_frame', { incognito: true }));
    observe({ ...response(22, page, '51.91.0.21', 'main_frame'), timeStamp: AT + 1_000 });
    platform.observeSubresources(21, true);
    platform.observeSubresources(22, true);
    const hostsOf = (tabId: number) => store.getTab(tabId)!.report.hosts.map((h) => h.verdict.host);
    observe({ ...response(-1, 'https://mesure-privee.example.net/b', '51.91.0.22', 'beacon', { incognito: true }), method: 'POST', originUrl: page });
    expect(hostsOf(22)).not.toContain('mesure-privee.example.net');
    expect(hostsOf(21)).toContain('mesure-privee.example.net');
    expect(store.rememberedIp('mesure-privee.example.net')).toBeUndefined();
    observe({ ...response(-1, 'https://mesure-normale.example.net/b', '51.91.0.23', 'beacon'), method: 'POST', originUrl: page });
    expect(hostsOf(21)).not.toContain('mesure-normale.example.net');
    expect(hostsOf(22)).toContain('mesure-normale.example.net');
  });
});

describe('retention', () => {
  it('stores URLs without query or fragment, and clears every key of a tab on close and on replace', async () => {
    const { store, observe } = await background();
    observe(response(30, 'https://retention.example.fr/page?token=abc#frag', '51.91.0.30'));
    await store.flush();
    expect(JSON.stringify(fake.sessionArea.data.get('tab:30'))).not.toContain('token=abc');
    fake.events.tabReplaced.fire(31, 30);
    await store.flush();
    expect(fake.sessionArea.data.has('tab:30')).toBe(false);
    expect(fake.sessionArea.data.has('tab:31')).toBe(true);
    fake.events.tabRemoved.fire(31);
    await store.flush();
    expect(fake.sessionArea.data.has('tab:31')).toBe(false);
    expect([...fake.sessionArea.data.keys()].filter((k) => k.endsWith(':31') || k.endsWith(':30'))).toEqual([]);
  });

  it('records a health visit in the history whichever half of its verdict comes last', async () => {
    const { store, messaging, settings, observe } = await background();
    await settings.updateSettings(() => ({ history: true }));
    const visits = () => JSON.stringify(fake.localArea.data.get('history') ?? []);
    // Firefox order: the page's health decision reaches the worker before its own main-frame response.
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://parle-avant.example.fr/', HEALTH_PAGE) }, fromPage(33, 'https://parle-avant.example.fr/'));
    expect(visits()).not.toContain('parle-avant.example.fr');
    observe(response(33, 'https://parle-avant.example.fr/', '20.50.2.33'));
    await vi.waitFor(() => expect(visits()).toContain('parle-avant.example.fr'));
    // Chromium order: the response first, then the page.
    observe(response(34, 'https://repond-avant.example.fr/', '51.91.0.34'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://repond-avant.example.fr/', HEALTH_PAGE) }, fromPage(34, 'https://repond-avant.example.fr/'));
    await vi.waitFor(() => expect(visits()).toContain('repond-avant.example.fr'));
    const entries = fake.localArea.data.get('history') as { host: string; level: string }[];
    expect(entries.filter((e) => e.host === 'parle-avant.example.fr')).toMatchObject([{ level: 'extra-eu' }]);
    // A page that is not health (on another site: the site memory would count it) is never recorded.
    // (A host name of its own: the classifier reads parts of site names, and "sante" in one leans health.)
    const shop = { title: 'Chaussures et sacs — nouvelle collection', text: 'Chaussures, sacs et accessoires, livraison offerte dès 50 euros.' };
    observe(response(35, 'https://www.chaussures-ordinaires.example/', '51.91.0.35'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://www.chaussures-ordinaires.example/', shop) }, fromPage(35, 'https://www.chaussures-ordinaires.example/'));
    expect(store.getTab(35)?.report.health?.health).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(visits()).not.toContain('chaussures-ordinaires.example');
    await settings.updateSettings(() => ({ history: false }));
  });

  it('deletes the history when it is switched off', async () => {
    const { settings } = await background();
    await settings.updateSettings(() => ({ history: true }));
    await fake.localArea.set({ history: [{ at: '2026-12-01T00:00:00Z', host: 'a.example', level: 'eu', provider: null, asn: null }] });
    await settings.updateSettings(() => ({ history: false }));
    await vi.waitFor(() => expect(fake.localArea.data.has('history')).toBe(false));
  });

  it('fits a page with hundreds of hosts in its byte budget, earlier pages first', async () => {
    const { store, observe } = await background();
    for (let page = 0; page < 3; page++) {
      observe(response(40, `https://gros.example.fr/p${page}`, '51.91.0.40'));
      for (let i = 0; i < 300; i++) observe(response(40, `https://t${i}.tiers${page}.example.com/x.js`, `51.91.${page}.${i % 250}`, 'script'));
    }
    const state = store.getTab(40)!;
    expect(state.previous.length).toBe(2);
    const stored = store.fitStoredTab(state);
    expect(JSON.stringify(stored).length).toBeLessThanOrEqual(store.MAX_STORED_TAB_CHARS);
    expect(stored.previous.length).toBeLessThan(2);
    expect(stored.report.hosts.some((h) => h.verdict.host === 'gros.example.fr')).toBe(true);
  });

  it('when storage.session is full, the other tabs keep their stored reports', async () => {
    const { store, observe } = await background();
    observe(response(50, 'https://petit.example.fr/', '51.91.0.50'));
    await store.flush();
    expect(fake.sessionArea.data.has('tab:50')).toBe(true);
    fake.sessionArea.quotaChars = fake.sessionArea.chars() + 20_000;
    observe(response(51, 'https://enorme.example.fr/', '51.91.0.51'));
    for (let i = 0; i < 250; i++) observe(response(51, `https://h${i}.enorme-tiers.example.com/a.js`, `51.91.1.${i}`, 'script'));
    observe(response(50, 'https://petit.example.fr/app.js', '51.91.0.50', 'script'));
    await store.flush();
    await new Promise((r) => setTimeout(r, 250));
    await store.flush();
    expect(fake.sessionArea.chars()).toBeLessThanOrEqual(fake.sessionArea.quotaChars);
    expect((fake.sessionArea.data.get('tab:50') as { report: { hosts: unknown[] } }).report.hosts).toHaveLength(1);
    const big = fake.sessionArea.data.get('tab:51') as { report: { hosts: unknown[] } } | undefined;
    // The big tab is stored cut down, or (if even that does not fit) kept in memory only.
    expect(big === undefined || big.report.hosts.length < 250).toBe(true);
    expect(store.getTab(51)!.report.hosts.length).toBe(251);
    fake.sessionArea.quotaChars = Infinity;
  });
});

describe('site memory', () => {
  it('a site recognised as health on one page is health on its other pages, and the popup can say where', async () => {
    const { store, messaging, observe } = await background();
    observe(response(60, 'https://www.centre-lilas.fr/', '51.91.0.60'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://www.centre-lilas.fr/', HEALTH_PAGE) }, fromPage(60, 'https://www.centre-lilas.fr/'));
    expect(store.getTab(60)!.report.health?.health).toBe(true);
    const legal = { title: 'Mentions légales', headings: ['Éditeur du site'], text: 'Société anonyme au capital de 10 000 euros. Directeur de la publication.' };
    observe(response(60, 'https://rdv.centre-lilas.fr/mentions', '51.91.0.61'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://rdv.centre-lilas.fr/mentions', legal) }, fromPage(60, 'https://rdv.centre-lilas.fr/mentions'));
    expect(store.getTab(60)!.report).toMatchObject({ health: { health: true }, recognisedOn: 'https://www.centre-lilas.fr/' });
    // Another site's legal notice stays what the classifier says.
    observe(response(61, 'https://www.banque-lilas.fr/mentions', '51.91.0.62'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://www.banque-lilas.fr/mentions', legal) }, fromPage(61, 'https://www.banque-lilas.fr/mentions'));
    expect(store.getTab(61)!.report.health?.health).toBe(false);
    expect(store.getTab(61)!.report.recognisedOn).toBeUndefined();
  });
});

describe('start-up', () => {
  it('reads again the pages a stopped worker left without a health decision', async () => {
    await background();
    // Other tests of this file read their own tabs, in any order: only these three tabs are this test's.
    const readsOf = (tabId: number) => fake.injections.filter((i) => i.tabId === tabId).length;
    await vi.waitFor(() => expect(readsOf(81)).toBe(1));
    expect([readsOf(80), readsOf(82)]).toEqual([0, 0]);
  });
});

describe('messages from extension pages', () => {
  it('answers with the one reply type per message, and undoes a badge dismissal', async () => {
    const { messaging, observe } = await background();
    observe(response(70, 'https://www.hopital.example.fr/', '51.91.0.70'));
    const page = fromPage(70, 'https://www.hopital.example.fr/');
    await messaging.handleMessage({ type: 'dismiss-badge' }, page);
    const ui: MessageSender = { ownExtension: true, extensionPage: true, url: 'vigie-test:///popup.html', incognito: false };
    expect(await messaging.handleMessage({ type: 'get-page-badge', tabId: 70 }, ui)).toEqual({ site: 'example.fr', dismissed: true });
    expect(await messaging.handleMessage({ type: 'show-page-badge-again', tabId: 70 }, ui)).toEqual({ ok: true });
    expect(await messaging.handleMessage({ type: 'get-page-badge', tabId: 70 }, ui)).toEqual({ site: 'example.fr', dismissed: false });
  });

  it('keeps the most recent dismissals when there are too many', async () => {
    const { messaging, settings, observe } = await background();
    await settings.updateSettings(() => ({ dismissedBadges: Array.from({ length: 1_000 }, (_, i) => `vieux${i}.example`) }));
    observe(response(71, 'https://www.nouveau-site.example/', '51.91.0.71'));
    await messaging.handleMessage({ type: 'dismiss-badge' }, fromPage(71, 'https://www.nouveau-site.example/'));
    const list = settings.settings().dismissedBadges;
    expect(list).toHaveLength(1_000);
    expect(list.at(-1)).toBe('nouveau-site.example');
    expect(list).not.toContain('vieux0.example');
  });
});
