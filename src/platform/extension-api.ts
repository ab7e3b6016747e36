/**
 * The browser's own extension API, one object for every context: `browser` in Firefox, `chrome` in Chromium. Both
 * return promises in Manifest V3, so no polyfill is evaluated anywhere (issue 15: ~10 kB less in every context). The
 * one difference Vigie meets is how a `runtime.onMessage` listener replies: Firefox takes a returned promise, Chromium
 * ignores it (the sender gets "message port closed"); both take `sendResponse` after `return true`, which
 * `onRuntimeMessage` uses. A failed reply crosses as an error envelope that `sendRuntimeMessage` turns back into a
 * rejection. A module that imports nothing, in the same chunk as packaged-file.ts (vite.config.ts): the background's
 * first read is asked for through it before any shared chunk runs. Platform code only.
 */

interface FirefoxDns {
  resolve(host: string, flags: string[]): Promise<{ canonicalName?: string }>;
}

/**
 * Chromium's typings (@types/chrome, promise overloads), which Firefox's `browser` matches for every API Vigie calls,
 * plus what only Firefox has. Firefox-only call forms (a `tabs.onUpdated` filter) are cast where they are made.
 */
export type ExtensionApi = typeof chrome & { dns?: FirefoxDns };

/** Who sent a runtime message, as either browser gives it. */
export type RawMessageSender = chrome.runtime.MessageSender;

declare const __FIREFOX__: boolean;

/** True in the Firefox build (a build-time constant, so the other browser's code is dropped). Platform code only. */
export const IS_FIREFOX: boolean = typeof __FIREFOX__ !== 'undefined' && __FIREFOX__;

/**
 * The API object, chosen by the build rather than by looking: in a Chromium content script, a page element with
 * id="browser" is a global of the script's world (named access on window), and a form of that id with a field named
 * "runtime" even has a `runtime.id` (mozilla/webextension-polyfill#720); Chromium's own `chrome` cannot be shadowed so.
 * Undefined in Node, where tests replace the modules that use it.
 */
export const extensionApi: ExtensionApi = (globalThis as { browser?: unknown; chrome?: unknown })[IS_FIREFOX ? 'browser' : 'chrome'] as ExtensionApi;

/** The key of the reply that stands for a rejected or thrown handler; never a key of a reply Vigie gives. */
const ERROR_REPLY = '__vigieError';

/** A `runtime.onMessage` listener as both browsers call it. */
export type RawMessageListener = (message: unknown, sender: RawMessageSender, sendResponse: (reply?: unknown) => void) => true;

/**
 * Turns a handler (its result, or its promise's, is the reply; undefined: an empty one) into a listener that answers
 * through `sendResponse`. A handler that throws or rejects answers with an error envelope: the sender's promise rejects
 * with that message, and no rejection is left unhandled in the listening context.
 */
export function replyingListener<S>(handler: (message: unknown, sender: S) => unknown, senderOf: (raw: RawMessageSender) => S): RawMessageListener {
  return (message, rawSender, sendResponse) => {
    new Promise<unknown>((resolve) => resolve(handler(message, senderOf(rawSender))))
      .then((reply) => sendResponse(reply))
      .catch((error: unknown) => sendResponse({ [ERROR_REPLY]: error instanceof Error ? error.message : String(error) }))
      // The sender is gone (tab closed, page unloaded): nobody is left to tell.
      .catch(() => undefined);
    return true;
  };
}

/** Registers a message handler in this context (see `replyingListener`). */
export function onRuntimeMessage<S>(handler: (message: unknown, sender: S) => unknown, senderOf: (raw: RawMessageSender) => S): void {
  extensionApi.runtime.onMessage.addListener(replyingListener(handler, senderOf));
}

/** A reply as it crossed, back into a value, or an Error when it is the error envelope. */
export function unwrapReply(reply: unknown): unknown {
  if (typeof reply === 'object' && reply !== null && Object.hasOwn(reply, ERROR_REPLY)) {
    throw new Error(String((reply as Record<string, unknown>)[ERROR_REPLY]));
  }
  return reply;
}

/** Sends a runtime message (to the background, from a page or a content script); rejects when its handler failed. */
export async function sendRuntimeMessage(message: unknown): Promise<unknown> {
  return unwrapReply(await extensionApi.runtime.sendMessage(message));
}

/** Sends a message to a tab's content scripts (one frame, or one document in Chromium); rejects as `sendRuntimeMessage`. */
export async function sendTabMessage(tabId: number, message: unknown, options: { frameId: number } | { documentId: string }): Promise<unknown> {
  return unwrapReply(await extensionApi.tabs.sendMessage(tabId, message, options as chrome.tabs.MessageSendOptions));
}
