/**
 * Reads the few cheap signals the health classifier needs from a DOM document: the live page in the content script,
 * or a linkedom document in Node. Never serialises the DOM and never throws: every field is bounded and a broken
 * JSON-LD block or an odd document only leaves its field empty.
 */
import type { PageSignals } from './types.ts';

// Bounds: small enough to be cheap on any page, within what src/shared/messages.ts accepts.
/** Longest URL kept in page signals; the background compares truncated URLs with this in mind. */
export const MAX_SIGNALS_URL = 2_048;
const MAX_URL = MAX_SIGNALS_URL;
const MAX_LANG = 32;
const MAX_TITLE = 512;
const MAX_META = 1_024;
const MAX_SHORT = 200;
const MAX_HEADINGS = 8;
const MAX_HEADING = 300;
const MAX_TYPES = 24;
const MAX_TYPE = 100;
const MAX_TEXT = 2_000;
const MAX_JSONLD_SCRIPTS = 8;
const MAX_JSONLD_CHARS = 100_000;
const MAX_JSONLD_NODES = 500;
const MAX_META_TAGS = 64;
const MAX_ITEMTYPES = 24;
/** Elements visited by the metadata scan: headings, JSON-LD and microdata past this point of a huge page are ignored. */
const MAX_ELEMENTS_VISITED = 3_000;
/** Elements visited while collecting text, so a huge page costs no more than a small one. */
const MAX_TEXT_NODES_VISITED = 4_000;

/** Elements whose content is never visible text (or is navigation chrome). */
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'CANVAS', 'NAV', 'SELECT']);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** The empty signals for a URL, used when a document cannot be read at all. */
export function emptyPageSignals(url: string): PageSignals {
  return {
    url: clip(url, MAX_URL),
    lang: '',
    title: '',
    description: '',
    keywords: '',
    ogType: '',
    ogSiteName: '',
    headings: [],
    schemaTypes: [],
    text: '',
  };
}

/** Reads bounded page signals from a document; never throws. */
export function readPageSignals(doc: Document, url: string): PageSignals {
  const signals = emptyPageSignals(url);
  guard(() => {
    signals.lang = clip(doc.documentElement?.getAttribute('lang') ?? '', MAX_LANG).toLowerCase();
  });
  guard(() => {
    signals.title = clip(squash(doc.title || ''), MAX_TITLE);
  });
  const found = emptyScan();
  guard(() => scanElements(doc, found));
  guard(() => readMeta(found.metas, signals));
  guard(() => {
    signals.headings = [...found.h1, ...found.h2]
      .map((h) => clip(squash(h.textContent ?? ''), MAX_HEADING))
      .filter((h) => h.length > 0)
      .slice(0, MAX_HEADINGS);
  });
  const types = new Set<string>();
  guard(() => readJsonLdTypes(found.jsonLd, types));
  guard(() => readMicrodataTypes(found.itemTypes, types));
  signals.schemaTypes = [...types].slice(0, MAX_TYPES);
  guard(() => {
    signals.text = readVisibleText(found.main ?? found.article ?? doc.body ?? doc.documentElement);
  });
  return signals;
}

function guard(step: () => void): void {
  try {
    step();
  } catch {
    // An odd document (detached, partial, hostile getters) leaves this field at its default.
  }
}

/** What one bounded pass over the elements finds; whole-document selector queries would cost per query. */
interface ElementScan {
  metas: Element[];
  h1: Element[];
  h2: Element[];
  jsonLd: Element[];
  itemTypes: Element[];
  main: Element | null;
  article: Element | null;
}

function emptyScan(): ElementScan {
  return { metas: [], h1: [], h2: [], jsonLd: [], itemTypes: [], main: null, article: null };
}

/** Visits at most MAX_ELEMENTS_VISITED elements in document order; head first, so metadata is never cut off. */
function scanElements(doc: Document, found: ElementScan): void {
  const root = doc.documentElement;
  if (!root) return;
  let visited = 0;
  // Pre-order walk by sibling links: no arrays allocated, whatever the size of the page.
  let element: Element | null = root;
  while (element && visited < MAX_ELEMENTS_VISITED) {
    visited++;
    const tag = element.tagName.toUpperCase();
    if (tag === 'META') {
      if (found.metas.length < MAX_META_TAGS) found.metas.push(element);
    } else if (tag === 'H1') {
      if (found.h1.length < MAX_HEADINGS) found.h1.push(element);
    } else if (tag === 'H2') {
      if (found.h2.length < MAX_HEADINGS) found.h2.push(element);
    } else if (tag === 'SCRIPT') {
      const type = (element.getAttribute('type') ?? '').trim().toLowerCase();
      if (type === 'application/ld+json' && found.jsonLd.length < MAX_JSONLD_SCRIPTS) found.jsonLd.push(element);
    } else if (tag === 'MAIN') {
      found.main ??= element;
    } else if (tag === 'ARTICLE') {
      found.article ??= element;
    }
    if (found.itemTypes.length < MAX_ITEMTYPES && element.hasAttribute('itemtype')) found.itemTypes.push(element);
    const descend = !SKIPPED_TAGS.has(tag) && tag !== 'H1' && tag !== 'H2';
    element = nextElementInOrder(element, root, descend);
  }
}

/** The next element after `element` in document order within `root`, optionally skipping its subtree. */
function nextElementInOrder(element: Element, root: Element, descend: boolean): Element | null {
  if (descend && element.firstElementChild) return element.firstElementChild;
  let current: Element | null = element;
  while (current && current !== root) {
    if (current.nextElementSibling) return current.nextElementSibling;
    current = current.parentElement;
  }
  return null;
}

function readMeta(metas: readonly Element[], signals: PageSignals): void {
  for (const meta of metas) {
    const key = (meta.getAttribute('name') ?? meta.getAttribute('property') ?? '').trim().toLowerCase();
    const content = meta.getAttribute('content');
    if (!key || content === null) continue;
    if (key === 'description' && !signals.description) signals.description = clip(squash(content), MAX_META);
    else if (key === 'keywords' && !signals.keywords) signals.keywords = clip(squash(content), MAX_META);
    else if (key === 'og:type' && !signals.ogType) signals.ogType = clip(squash(content), MAX_SHORT);
    else if (key === 'og:site_name' && !signals.ogSiteName) signals.ogSiteName = clip(squash(content), MAX_SHORT);
    else if (key === 'og:description' && !signals.description) signals.description = clip(squash(content), MAX_META);
  }
}

function readJsonLdTypes(scripts: readonly Element[], types: Set<string>): void {
  for (const script of scripts) {
    const raw = script.textContent ?? '';
    if (!raw || raw.length > MAX_JSONLD_CHARS) continue;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      continue; // Broken JSON-LD is common; it simply contributes nothing.
    }
    collectJsonLdTypes(data, types);
  }
}

/** Walks a parsed JSON-LD value (objects, arrays, @graph, nested entities) collecting @type names, bounded. */
export function collectJsonLdTypes(data: unknown, types: Set<string>): void {
  const stack: unknown[] = [data];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_JSONLD_NODES && types.size < MAX_TYPES) {
    const node = stack.pop();
    visited++;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    const type = record['@type'];
    if (typeof type === 'string') addType(types, type);
    else if (Array.isArray(type)) for (const t of type) if (typeof t === 'string') addType(types, t);
    for (const [key, value] of Object.entries(record)) {
      if (key !== '@type' && value !== null && typeof value === 'object') stack.push(value);
    }
  }
}

function readMicrodataTypes(items: readonly Element[], types: Set<string>): void {
  for (const item of items) {
    const value = item.getAttribute('itemtype') ?? '';
    for (const part of value.split(/\s+/)) if (part) addType(types, part);
  }
}

/** Keeps the schema.org name of a type: `https://schema.org/Physician` and `schema:Physician` become `Physician`. */
function addType(types: Set<string>, raw: string): void {
  if (types.size >= MAX_TYPES) return;
  const name = raw.trim().replace(/^.*[/#:]/, '');
  if (name && /^[A-Za-z][A-Za-z0-9_]*$/.test(name)) types.add(clip(name, MAX_TYPE));
}

/** Visible text from main/article (else body), skipping scripts, styles and navigation, bounded in length and work. */
function readVisibleText(root: Element | null): string {
  if (!root) return '';
  const parts: string[] = [];
  let length = 0;
  let visited = 0;
  let node: Node | null = root;
  while (node && length < MAX_TEXT && visited < MAX_TEXT_NODES_VISITED) {
    visited++;
    let descend = false;
    if (node.nodeType === TEXT_NODE) {
      const text = squash(node.nodeValue ?? '');
      if (text) {
        parts.push(text);
        length += text.length + 1;
      }
    } else if (node.nodeType === ELEMENT_NODE) {
      const element = node as Element;
      descend =
        !SKIPPED_TAGS.has(element.tagName.toUpperCase()) &&
        !element.hasAttribute('hidden') &&
        element.getAttribute('aria-hidden') !== 'true';
    }
    node = nextNodeInOrder(node, root, descend);
  }
  return clip(parts.join(' '), MAX_TEXT);
}

/** The next node after `node` in document order within `root`, optionally skipping its subtree. */
function nextNodeInOrder(node: Node, root: Node, descend: boolean): Node | null {
  if (descend && node.firstChild) return node.firstChild;
  let current: Node | null = node;
  while (current && current !== root) {
    if (current.nextSibling) return current.nextSibling;
    current = current.parentNode;
  }
  return null;
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}
