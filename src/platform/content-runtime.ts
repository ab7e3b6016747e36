/**
 * The content script's door to the extension: runtime messaging only, through the facade over the browser's own
 * promise-based API (extension-api.ts), typed for what a page sends. The content script goes into every page and must
 * stay small (bench size): this door and the facade import nothing else.
 */
import type { ContentMessage } from '../shared/messages.ts';
import { onRuntimeMessage, sendRuntimeMessage } from './extension-api.ts';

/** Sends a message to the background; resolves with its reply, rejects when the background failed to answer. */
export function sendToBackground(message: ContentMessage): Promise<unknown> {
  return sendRuntimeMessage(message);
}

/**
 * Calls `listener` with each message the background sends this tab. The reply is empty but always sent: Chromium
 * rejects the background's `tabs.sendMessage` when no listener answers, which the background reads as "no script here".
 */
export function onBackgroundMessage(listener: (raw: unknown) => void): void {
  onRuntimeMessage(
    (message) => {
      listener(message);
    },
    () => undefined,
  );
}
