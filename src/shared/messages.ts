/**
 * Every message between Vigie's contexts, one union per direction, and the validators that receivers run before
 * trusting anything. A message that fails validation is dropped and counted, never acted on.
 */
import { EVIDENCE_MESSAGES, evidenceKeyGroup, MAX_PHRASE_DEPTH, type EvidenceKey, type EvidenceMessage, type EvidencePhrase } from '../core/evidence-message.ts';
import type { Level, LoadedResource, PageSignals, TabReport } from '../core/types.ts';
import { MAX_LOADED_RESOURCES } from '../core/loaded-resources.ts';
import { isLevel } from './levels.ts';
import type { Settings } from './settings.ts';

/** What the page badge shows; computed by the background, drawn by the content script. */
export interface PageBadgeState {
  show: boolean;
  level: Level;
  /** Short verdict in the user's language, e.g. "Hébergé par Microsoft Azure (États-Unis)". */
  text: string;
  /** Longer sentence for screen readers and the tooltip. */
  detail: string;
  closeLabel: string;
  /** The question asked before the badge is hidden on the site, and its two answers. */
  confirmText: string;
  confirmLabel: string;
  cancelLabel: string;
}

/**
 * Why the content script speaks: the document loaded, its URL changed without a new document (replaceState,
 * pushState, a hash, popstate), or it was shown again from the back/forward cache.
 */
export type PageNavigation = 'load' | 'history' | 'restore';

/**
 * What a page says of itself: its signals, and the hosts it loaded (resource timing). Chromium's injected reader ends
 * with this value (`scripting.executeScript` gives it back); Firefox's declared content script sends it in a
 * `page-signals` message. Either way it is untrusted page content, validated by `parsePageRead`.
 */
export interface PageRead {
  signals: PageSignals;
  loaded?: LoadedResource[];
}

/** Content script -> background. The tab is always taken from the sender, never from the message. */
export type ContentMessage = ({ type: 'page-signals'; navigation: PageNavigation } & PageRead) | { type: 'dismiss-badge' };

/** What the background answers a content script: the badge to draw, or null (not handled). */
export type ContentReply = PageBadgeState | null;

/** Extension pages (popup, options) -> background. */
export type UiMessage =
  /** `popupOpen`: the popup shows this tab, whose third parties should then be observed too. */
  | { type: 'get-report'; tabId: number; popupOpen?: boolean }
  | { type: 'set-site-override'; tabId: number; value: 'health' | 'not-health' | null }
  | { type: 'get-page-badge'; tabId: number }
  | { type: 'show-page-badge-again'; tabId: number }
  | { type: 'get-stats' };

/** Whether the page badge of a tab's site was hidden by the user (the popup offers to show it again). */
export interface PageBadgeDismissal {
  site: string;
  dismissed: boolean;
}

/**
 * Background -> content script: the badge to draw, or a request to read the page again (`onlyIfMoved`: only when its
 * URL changed since it last spoke, e.g. after a pushState the background learnt of from the tab).
 */
export type BackgroundMessage = { type: 'badge'; badge: PageBadgeState } | { type: 'report-again'; onlyIfMoved: boolean };

/** Extension API calls since the worker started, per kind (get-stats; a unit test counts them per navigation). */
export interface ApiCallCounts {
  badgeText: number;
  badgeColor: number;
  badgeTitle: number;
  badgeTextColor: number;
  /** Reads of a tab's badge tooltip: at a load's end, whether the browser reset the badge after it was set. */
  badgeReads: number;
  storageWrites: number;
  injections: number;
  messagesToTabs: number;
  /** Firefox: reads of its own DNS cache for a CNAME (`dns.resolve` with the offline flag; never behind a proxy). */
  dnsCacheReads: number;
}

export interface BackgroundStats {
  /** Extension API calls made since the worker started (src/platform counts them). */
  apiCalls: ApiCallCounts;
  droppedMessages: number;
  tabs: number;
  /** Tab reports storage.session refused even cut down (kept in memory only). */
  unstoredTabs: number;
  startedAt: number;
  /** The settings the background applies now: a change stored by a page takes effect at its storage event, later. */
  settings: Settings;
  /** Milliseconds this worker took to load each routing table, and to wrap the providers one (0 until loaded). */
  tableLoadMs: { hot: number; full: number; hotWrap: number };
  /** Milliseconds from the worker's start to its first module, the end of its scripts' evaluation, the providers table's bytes, its readiness barrier. */
  startup: {
    timeOrigin: number;
    firstScriptMs: number;
    evaluatedMs: number;
    hotTableBytesMs: number;
    catalogMs: number;
    readyMs: number;
    verdictShown: { tabId: number; url: string; atMs: number };
  };
}

/** The reply to each extension-page message: the one type both sides use. */
export type UiReply<M extends UiMessage> = M extends { type: 'get-report' }
  ? TabReport | null
  : M extends { type: 'get-stats' }
    ? BackgroundStats
    : M extends { type: 'get-page-badge' }
      ? PageBadgeDismissal | null
      : { ok: boolean };

const MAX_FIELD = 4_096;
const MAX_LIST = 32;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBoundedString(value: unknown, max = MAX_FIELD): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isTabId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= MAX_LIST && value.every((v) => isBoundedString(v, 512));
}

/** Page signals as the content script sends them; every field bounded so a page cannot flood the worker. */
export function isPageSignals(value: unknown): value is PageSignals {
  if (!isRecord(value)) return false;
  return (
    isBoundedString(value.url) &&
    isBoundedString(value.lang, 64) &&
    isBoundedString(value.title, 1_024) &&
    isBoundedString(value.description, 2_048) &&
    isBoundedString(value.keywords, 2_048) &&
    isBoundedString(value.ogType, 256) &&
    isBoundedString(value.ogSiteName, 256) &&
    isStringList(value.headings) &&
    isStringList(value.schemaTypes) &&
    isBoundedString(value.text, 8_192)
  );
}

/** A copy holding only the PageSignals fields: whatever else came along is not kept in the worker. */
function pickPageSignals(s: PageSignals): PageSignals {
  return {
    url: s.url,
    lang: s.lang,
    title: s.title,
    description: s.description,
    keywords: s.keywords,
    ogType: s.ogType,
    ogSiteName: s.ogSiteName,
    headings: [...s.headings],
    schemaTypes: [...s.schemaTypes],
    text: s.text,
  };
}

/** The page's list of loaded sub-resources: bounded hosts and short types. */
function isLoadedList(value: unknown): value is LoadedResource[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_LOADED_RESOURCES &&
    value.every((r) => isRecord(r) && isBoundedString(r.host, 253) && r.host.length > 0 && isBoundedString(r.type, 32))
  );
}

function isNavigation(value: unknown): value is PageNavigation {
  return value === 'load' || value === 'history' || value === 'restore';
}

/** Validates what a page said of itself (a content script's message, or an injected reader's result). */
export function parsePageRead(value: unknown): PageRead | null {
  if (!isRecord(value) || !isPageSignals(value.signals)) return null;
  const read: PageRead = { signals: pickPageSignals(value.signals) };
  if (value.loaded !== undefined) {
    if (!isLoadedList(value.loaded)) return null;
    read.loaded = value.loaded.map((r) => ({ host: r.host, type: r.type }));
  }
  return read;
}

/** Validates a message from a content script. */
export function parseContentMessage(value: unknown): ContentMessage | null {
  if (!isRecord(value)) return null;
  if (value.type === 'page-signals' && isNavigation(value.navigation)) {
    const read = parsePageRead(value);
    return read ? { type: 'page-signals', navigation: value.navigation, ...read } : null;
  }
  if (value.type === 'dismiss-badge' && Object.keys(value).length === 1) return { type: 'dismiss-badge' };
  return null;
}

/** Validates a message from an extension page. */
export function parseUiMessage(value: unknown): UiMessage | null {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case 'get-report':
      if (!isTabId(value.tabId)) return null;
      return value.popupOpen === true ? { type: 'get-report', tabId: value.tabId, popupOpen: true } : { type: 'get-report', tabId: value.tabId };
    case 'set-site-override':
      return isTabId(value.tabId) && (value.value === 'health' || value.value === 'not-health' || value.value === null)
        ? { type: 'set-site-override', tabId: value.tabId, value: value.value }
        : null;
    case 'get-page-badge':
    case 'show-page-badge-again':
      return isTabId(value.tabId) ? { type: value.type, tabId: value.tabId } : null;
    case 'get-stats':
      return { type: 'get-stats' };
    default:
      return null;
  }
}

/** Validates a message from the background (the content script trusts only these shapes). */
export function parseBackgroundMessage(value: unknown): BackgroundMessage | null {
  if (!isRecord(value)) return null;
  if (value.type === 'report-again') return typeof value.onlyIfMoved === 'boolean' ? { type: 'report-again', onlyIfMoved: value.onlyIfMoved } : null;
  const badge = value.type === 'badge' ? parseBadge(value.badge) : null;
  return badge ? { type: 'badge', badge } : null;
}

/** Validates the badge state the background sends or answers with. */
export function parseBadge(b: unknown): PageBadgeState | null {
  if (!isRecord(b)) return null;
  if (
    typeof b.show !== 'boolean' ||
    typeof b.level !== 'string' ||
    !isLevel(b.level) ||
    !isBoundedString(b.text, 256) ||
    !isBoundedString(b.detail, 1_024) ||
    !isBoundedString(b.closeLabel, 64) ||
    !isBoundedString(b.confirmText, 512) ||
    !isBoundedString(b.confirmLabel, 64) ||
    !isBoundedString(b.cancelLabel, 64)
  ) {
    return null;
  }
  return {
    show: b.show,
    level: b.level as Level,
    text: b.text,
    detail: b.detail,
    closeLabel: b.closeLabel,
    confirmText: b.confirmText,
    confirmLabel: b.confirmLabel,
    cancelLabel: b.cancelLabel,
  };
}

/** Longest text parameter of an evidence message: a header value is cut to 60 characters, a host name to 253. */
const MAX_EVIDENCE_PARAM = 512;

function parsePhrase(value: unknown, group: string, depth: number): EvidencePhrase | null {
  if (depth > MAX_PHRASE_DEPTH || !isRecord(value) || typeof value.key !== 'string' || !Array.isArray(value.params)) return null;
  const key = value.key;
  if (evidenceKeyGroup(key) !== group) return null;
  const slots: readonly string[] = EVIDENCE_MESSAGES[key as EvidenceKey].params;
  if (value.params.length !== slots.length) return null;
  const params: (string | EvidencePhrase)[] = [];
  for (const [index, slot] of slots.entries()) {
    const param: unknown = value.params[index];
    const parsed = slot === 'text' || slot === 'date' ? (isBoundedString(param, MAX_EVIDENCE_PARAM) ? param : null) : parsePhrase(param, slot, depth + 1);
    if (parsed === null) return null;
    params.push(parsed);
  }
  // The key's group and every slot were checked against its row of the table above.
  return { key, params } as EvidencePhrase;
}

/**
 * A clue's message as the popup or a report receives it (from the worker, or a stored report): a known sentence key,
 * exactly the parameters its row declares, text bounded, phrases of the declared group, nested at most
 * MAX_PHRASE_DEPTH deep. Copied field by field; anything else is null, and the clue is shown without its sentence.
 */
export function parseEvidenceMessage(value: unknown): EvidenceMessage | null {
  return parsePhrase(value, 'sentence', 1) as EvidenceMessage | null;
}
