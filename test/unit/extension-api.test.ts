/**
 * The facade over the browser's own extension API (src/platform/extension-api.ts), in a stand-in for Chromium's
 * messaging: a listener that returns anything but `true` without calling `sendResponse` closes the port at once (a
 * returned promise is ignored), and replies cross as JSON. Checked through the modules the extension uses: the pages'
 * and the background's (browser.ts), the content script's (content-runtime.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

type RawListener = (message: unknown, sender: unknown, sendResponse: (reply?: unknown) => void) => unknown;

const PORT_CLOSED = 'The message port closed before a response was received.';

/** The parts of Chromium's `chrome` namespace these modules touch, with its messaging rules. */
function chromiumLike(id = 'vigie-id') {
  const listeners: RawListener[] = [];
  const crossing = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  const deliver = (message: unknown, sender: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      let answered = false;
      let waiting = false;
      const sendResponse = (reply?: unknown): void => {
        if (answered) return;
        answered = true;
        resolve(crossing(reply));
      };
      for (const listener of listeners) if (listener(crossing(message), sender, sendResponse) === true) waiting = true;
      if (!answered && !waiting) reject(new Error(PORT_CLOSED));
    });
  const area = { get: async () => ({}), set: async () => undefined, remove: async () => undefined };
  return {
    listeners,
    runtime: {
      id,
      getURL: (path: string) => `chrome-extension://${id}/${path}`,
      onMessage: { addListener: (listener: RawListener) => void listeners.push(listener) },
      sendMessage: (message: unknown) => deliver(message, { id, url: `chrome-extension://${id}/src/popup/index.html` }),
    },
    tabs: {
      sendMessage: (tabId: number, message: unknown, options: object) => deliver(message, { id, tab: { id: tabId }, ...options }),
    },
    storage: { session: area, local: area, managed: area, onChanged: { addListener: () => undefined } },
    i18n: { getUILanguage: () => 'fr-FR' },
  };
}

/** Fresh copies of the platform modules, evaluated with these globals (the API object is chosen at evaluation). */
async function load(globals: { chrome?: unknown; browser?: unknown; firefoxBuild?: boolean }) {
  vi.resetModules();
  vi.stubGlobal('chrome', globals.chrome);
  vi.stubGlobal('browser', globals.browser);
  // The build's constant (vite.config.ts `define`), a global here.
  vi.stubGlobal('__FIREFOX__', globals.firefoxBuild === true);
  return {
    api: await import('../../src/platform/extension-api.ts'),
    pages: await import('../../src/platform/browser.ts'),
    content: await import('../../src/platform/content-runtime.ts'),
  };
}

/** Runs `during`, then lets every pending reply settle, and gives the rejections nobody handled meanwhile. */
async function unhandledRejections(during: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const note = (reason: unknown): void => void seen.push(reason);
  process.on('unhandledRejection', note);
  try {
    await during();
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    process.off('unhandledRejection', note);
  }
  return seen;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the API object', () => {
  it("is Firefox's `browser` in the Firefox build, `chrome` in Chromium's", async () => {
    const firefox = chromiumLike('firefox-id');
    const chrome = chromiumLike('chrome-id');
    expect((await load({ browser: firefox, chrome, firefoxBuild: true })).api.extensionApi.runtime.id).toBe('firefox-id');
    expect((await load({ chrome })).api.extensionApi.runtime.id).toBe('chrome-id');
  });

  it('is never a page element named "browser", even a form with a "runtime" field (globals of a content script)', async () => {
    const chrome = chromiumLike('chrome-id');
    const form = { tagName: 'FORM', id: 'browser', runtime: { tagName: 'INPUT', name: 'runtime', id: 'page-chosen' } };
    expect((await load({ browser: form, chrome })).api.extensionApi.runtime.id).toBe('chrome-id');
  });
});

describe('messages to the background, under Chromium rules', () => {
  it('a page gets the value the background answers, after the background waited for it', async () => {
    const { pages } = await load({ chrome: chromiumLike() });
    let seenSender: unknown;
    pages.onMessage(async (raw, sender) => {
      seenSender = sender;
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { echoed: raw };
    });
    expect(await pages.sendToBackground({ type: 'get-report', tabId: 4 })).toEqual({ echoed: { type: 'get-report', tabId: 4 } });
    expect(seenSender).toMatchObject({ ownExtension: true, extensionPage: true, incognito: false });
  });

  it('a message the background does not answer gets an empty reply, not a closed port', async () => {
    const { pages } = await load({ chrome: chromiumLike() });
    pages.onMessage(async () => undefined);
    await expect(pages.sendToBackground({ type: 'get-stats' })).resolves.toBeUndefined();
  });

  it('a handler that rejects: the page gets an error with its message, and the background answers the next one', async () => {
    const { pages } = await load({ chrome: chromiumLike() });
    pages.onMessage(async (raw) => {
      if ((raw as { type: string }).type === 'get-stats') throw new Error('storage.session is full');
      return { ok: true };
    });
    const unhandled = await unhandledRejections(async () => {
      await expect(pages.sendToBackground({ type: 'get-stats' })).rejects.toThrow('storage.session is full');
    });
    expect(unhandled).toEqual([]);
    expect(await pages.sendToBackground({ type: 'get-report', tabId: 1 })).toEqual({ ok: true });
  });

  it('a handler that throws before returning: the same error reply, and the listener itself does not throw', async () => {
    const { api, content } = await load({ chrome: chromiumLike() });
    let calls = 0;
    api.onRuntimeMessage(
      () => {
        calls++;
        if (calls === 1) throw new TypeError('not a message');
        return 'second';
      },
      () => undefined,
    );
    const unhandled = await unhandledRejections(async () => {
      await expect(content.sendToBackground({ type: 'dismiss-badge' })).rejects.toThrow('not a message');
    });
    expect(unhandled).toEqual([]);
    expect(await content.sendToBackground({ type: 'dismiss-badge' })).toBe('second');
  });

  it('a reply that cannot be delivered (the sender went away) leaves no unhandled rejection behind', async () => {
    const { api } = await load({ chrome: chromiumLike() });
    const listener = api.replyingListener(async () => Promise.reject(new Error('failed')), () => undefined);
    const unhandled = await unhandledRejections(async () => {
      expect(
        listener({ type: 'get-stats' }, { id: 'vigie-id' }, () => {
          throw new Error('Attempting to use a disconnected port object');
        }),
      ).toBe(true);
    });
    expect(unhandled).toEqual([]);
  });
});

describe('messages to a tab', () => {
  it("reach the content script's listener, and the background's send resolves (Chromium would reject an unanswered one)", async () => {
    const { api, content } = await load({ chrome: chromiumLike() });
    const received: unknown[] = [];
    content.onBackgroundMessage((raw) => received.push(raw));
    await expect(api.sendTabMessage(7, { type: 'report-again', onlyIfMoved: true }, { frameId: 0 })).resolves.toBeUndefined();
    expect(received).toEqual([{ type: 'report-again', onlyIfMoved: true }]);
  });

  it('reject when no script listens in the tab', async () => {
    const { api } = await load({ chrome: chromiumLike() });
    await expect(api.sendTabMessage(7, { type: 'report-again', onlyIfMoved: false }, { documentId: 'doc-7' })).rejects.toThrow(PORT_CLOSED);
  });
});
