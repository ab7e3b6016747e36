/**
 * The facade over browser APIs that every extension page and the background share (storage, messaging, runtime).
 * Only src/platform knows Chrome from Firefox: the API object and the one way to send and answer messages are in
 * src/platform/extension-api.ts, the background's own APIs in src/platform/background.ts, the content script's smaller
 * door in src/platform/content-runtime.ts.
 */
import type { ApiCallCounts, UiMessage, UiReply } from '../shared/messages.ts';
import { coalescedWrites } from './coalesced-writes.ts';
import { extensionApi as browser, IS_FIREFOX, onRuntimeMessage, sendRuntimeMessage, sendTabMessage, type RawMessageSender } from './extension-api.ts';

// For src/platform/background.ts, through this module so that tests replace them with the rest (test/fixtures/fake-platform.ts).
export { browser, IS_FIREFOX, sendTabMessage };

// ---------------------------------------------------------------- storage


/** The counts, kept here so that every storage write is counted where it is made. */
export const apiCalls: ApiCallCounts = { badgeText: 0, badgeColor: 0, badgeTitle: 0, badgeTextColor: 0, badgeReads: 0, storageWrites: 0, injections: 0, messagesToTabs: 0, dnsCacheReads: 0 };

/** An area whose writes are counted; `coalesce`: the writes of one turn are merged into one (coalesced-writes.ts). */
function counted(area: StorageArea, coalesce = false): StorageArea {
  const write = (items: Record<string, unknown>) => {
    apiCalls.storageWrites++;
    return area.set(items);
  };
  if (!coalesce) return { get: (keys) => area.get(keys), set: write, remove: (keys) => area.remove(keys) };
  const writes = coalescedWrites(write);
  return {
    get: (keys) => area.get(keys),
    set: writes.set,
    remove: (keys) => {
      writes.forget(keys);
      return area.remove(keys);
    },
  };
}

/** One storage area, as Vigie uses it. */
export interface StorageArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * storage.session: per-tab state that must survive a stopped worker, never the browser session. Writes made together
 * (a navigation step's report, its tab's listener, the popup sites) go in one call.
 */
export const sessionArea: StorageArea = counted(browser.storage.session, true);
/** storage.local: settings and the opt-in history. */
export const localArea: StorageArea = counted(browser.storage.local);

/** Policy values (storage.managed), or {} when no policy is installed. */
export async function readManaged(): Promise<unknown> {
  try {
    return await browser.storage.managed.get(null);
  } catch {
    // Firefox throws when no managed storage manifest is installed.
    return {};
  }
}

type AreaEvent = { onChanged?: { addListener(listener: (changes: Record<string, unknown>) => void): void } };

/**
 * Calls `listener` with the changed keys of storage.local or storage.managed (all that settings and history readers
 * watch), through each area's own event where the browser has both: `storage.onChanged` also carries every
 * storage.session write (a tab's report, old and new value) to every extension context, the worker included.
 */
export function onStorageChanged(listener: (keys: string[], area: 'local' | 'managed') => void): void {
  const areas = browser.storage as unknown as Record<'local' | 'managed', AreaEvent | undefined>;
  const local = areas.local?.onChanged;
  const managed = areas.managed?.onChanged;
  if (local && managed) {
    local.addListener((changes) => listener(Object.keys(changes), 'local'));
    managed.addListener((changes) => listener(Object.keys(changes), 'managed'));
    return;
  }
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' || area === 'managed') listener(Object.keys(changes), area);
  });
}

// ---------------------------------------------------------------- messaging

/** Who sent a message, reduced to what the background checks. */
export interface MessageSender {
  /** Sent by this extension at all. */
  ownExtension: boolean;
  /** Sent by one of this extension's pages (popup, options). */
  extensionPage: boolean;
  tabId?: number;
  frameId?: number;
  url?: string;
  /** Chromium: the sending document. */
  documentId?: string;
  incognito: boolean;
}

function senderOf(sender: RawMessageSender): MessageSender {
  const out: MessageSender = {
    ownExtension: sender.id === browser.runtime.id,
    extensionPage: typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('')),
    incognito: sender.tab?.incognito === true,
  };
  if (sender.tab?.id !== undefined) out.tabId = sender.tab.id;
  if (sender.frameId !== undefined) out.frameId = sender.frameId;
  if (typeof sender.url === 'string') out.url = sender.url;
  if (typeof sender.documentId === 'string') out.documentId = sender.documentId;
  return out;
}

/**
 * Receives runtime messages; the handler's promise is the reply (undefined: an empty one). A rejection reaches the
 * sender as a rejection (extension-api.ts).
 */
export function onMessage(handler: (raw: unknown, sender: MessageSender) => Promise<unknown>): void {
  onRuntimeMessage(handler, senderOf);
}

/** Sends a message from an extension page to the background, typed by its reply. */
export function sendToBackground<M extends UiMessage>(message: M): Promise<UiReply<M> | undefined> {
  return sendRuntimeMessage(message) as Promise<UiReply<M> | undefined>;
}

// ---------------------------------------------------------------- runtime

/** The active tab of the current window (the popup describes it). */
export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}


/** Firefox suspends its event page after idle time: `listener` runs first. */
export function onSuspend(listener: () => void): void {
  browser.runtime.onSuspend?.addListener(listener);
}

// One reading of the UI language for every context, the one the background's first reads use too.
export { uiLanguage } from './packaged-file.ts';

/** The extension's version, from its manifest. */
export function extensionVersion(): string {
  return browser.runtime.getManifest().version;
}

/** Opens the options page. */
export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}

/** Calls `listener` with the reason ('install', 'update', 'browser_update', ...) when the extension is installed or updated. */
export function onInstalled(listener: (reason: string) => void): void {
  browser.runtime.onInstalled.addListener((details) => listener(details.reason));
}

/** Opens one of the extension's own pages in a new tab. */
export async function openExtensionTab(path: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(path) });
}
