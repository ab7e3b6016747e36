/**
 * `npm start` (`-- --firefox` for Firefox ESR): builds the extension, serves the demo sites on loopback, and opens
 * them in a browser with Vigie loaded and the demo rules set. With a display, the browser stays open until you
 * close it or press Ctrl-C; without one, it runs headless, writes screenshots and says where they are.
 */
import { spawnSync } from 'node:child_process';
import { launch, artifact } from '../test/e2e/harness.ts';
import { DEMO_SITES } from '../demo/sites.ts';

const firefox = process.argv.includes('--firefox');
const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

const build = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const harness = await launch(firefox ? 'firefox' : 'chromium', { headless });
console.log(`\nVigie is loaded in ${harness.name}${headless ? ' (headless: no display found)' : ''}. Demo sites:`);
const shots: string[] = [];
for (const site of DEMO_SITES) {
  const tab = await harness.open(harness.url(site.host));
  const report = await harness.waitForReport(tab.tabId, (r) => r.main !== null, site.host).catch(() => null);
  const toolbar = await harness.toolbar(tab.tabId);
  console.log(`  ${harness.url(site.host).padEnd(44)} badge ${toolbar.text.padEnd(4)} ${report?.main?.provider?.name ?? 'unknown'} — ${site.expect}`);
  if (headless) {
    const page = artifact(`demo-${harness.name}-${site.host}.png`);
    await tab.screenshot(page);
    const popup = await harness.openExtensionPage(`src/popup/index.html?tabId=${tab.tabId}`);
    // Until the popup has its verdict (it waits for the user's language, then the report), not a fixed delay.
    await popup.waitFor('main[data-state]:not([data-state="loading"]):not([data-state="waiting"])').catch(() => undefined);
    const popupShot = artifact(`demo-${harness.name}-${site.host}-popup.png`);
    await popup.screenshot(popupShot);
    await popup.close();
    shots.push(page, popupShot);
  }
}

if (headless) {
  console.log(`\nNo display, so the browser ran headless. Screenshots of each demo page and its popup:\n  ${shots.join('\n  ')}`);
  console.log('To use the demo interactively, run `npm start` in a graphical session (or under `xvfb-run npm start`).');
  await harness.close();
  process.exit(0);
}
console.log('\nClick the Vigie icon in the toolbar on each tab. Press Ctrl-C here to stop.');
process.on('SIGINT', () => void harness.close().then(() => process.exit(0)));
