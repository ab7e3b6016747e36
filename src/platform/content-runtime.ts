/**
 * The content script's door to the extension: runtime messaging only, through the browser's own promise-based API
 * (`browser` in Firefox, `chrome` in Chromium; both return promises from sendMessage in Manifest V3). Not the
 * polyfill: the content script goes into every page and must stay small (bench size).
 */
import type { ContentMessage } from '../shared/messages.ts';

interface RuntimeApi {
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(listener: (message: unknown) => void): void };
  };
}

const api = ((globalThis as { browser?: RuntimeApi }).browser ?? (globalThis as { chrome?: RuntimeApi }).chrome) as RuntimeApi;

/** Sends a message to the background; resolves with its reply. */
export function sendToBackground(message: ContentMessage): Promise<unknown> {
  return api.runtime.sendMessage(message);
}

/** Calls `listener` with each message the background sends this tab (it answers nothing). */
export function onBackgroundMessage(listener: (raw: unknown) => void): void {
  api.runtime.onMessage.addListener((message) => {
    listener(message);
  });
}
