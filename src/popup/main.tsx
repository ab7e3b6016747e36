/** Popup entry: wires the real browser into PopupApp. */
import { render } from 'preact';
import type { TabReport } from '../core/types.ts';
import type { UiMessage } from '../shared/messages.ts';
import { browser } from '../platform/browser.ts';
import { copyText } from '../ui/copy-text.ts';
import { downloadText } from '../ui/download-file.ts';
import { browserLang, loadSettings, pageLang } from '../ui/extension-settings.ts';
import { PopupApp, type PopupPorts } from './popup-app.tsx';

function send(message: UiMessage): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

const ports: PopupPorts = {
  initialLang: browserLang(),
  loadLang: async () => pageLang((await loadSettings()).settings),
  async tabId() {
    // Tests (and "open in a tab") pass the tab explicitly; the toolbar popup describes the active tab.
    const param = new URLSearchParams(location.search).get('tabId');
    if (param !== null && /^\d+$/.test(param)) return Number(param);
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id;
  },
  getReport: async (tabId) => (await send({ type: 'get-report', tabId })) as TabReport | null,
  setSiteOverride: async (tabId, value) => ((await send({ type: 'set-site-override', tabId, value })) as { ok: boolean } | undefined) ?? { ok: false },
  openOptions: () => browser.runtime.openOptionsPage(),
  copyText,
  downloadText,
  now: () => new Date(),
  version: browser.runtime.getManifest().version,
};

const root = document.getElementById('app');
if (root) render(<PopupApp ports={ports} />, root);
