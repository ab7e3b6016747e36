/**
 * Node-only: page signals from HTML or plain text given to the CLI (linkedom stands in for the browser DOM).
 * Kept out of src/core so the content-script bundle never pulls linkedom.
 */
import { parseHTML } from 'linkedom';
import { emptyPageSignals, readPageSignals } from '../core/page-signals.ts';
import type { PageSignals } from '../core/types.ts';

const MAX_PLAIN_TEXT = 2_000;
/** How much of the input is inspected to decide HTML vs text and binary vs text. */
const SNIFF_BYTES = 8_192;

/** Signals plus notes about the input a user should see (ignored binary, fallback decoding). */
export interface InputSignals {
  signals: PageSignals;
  notes: string[];
  /** True when the HTML parser gave up: the signals are the URL's alone. */
  parseFailed?: boolean;
  /** True when the bytes were not read as a page at all (empty, binary, undecodable): the signals are the URL's alone. */
  ignored?: boolean;
}

/** Parses an HTML string with linkedom and reads its signals; never throws. */
export function parseHtmlSignals(html: string, url: string): PageSignals {
  const parsed = tryParseHtml(html, url);
  return parsed instanceof Error ? emptyPageSignals(url) : parsed;
}

/** The signals of an HTML string, or the error the parser gave up with (a page nested deeper than the stack, say). */
function tryParseHtml(html: string, url: string): PageSignals | Error {
  try {
    // linkedom needs a whole document; a bare fragment ("<p>...", "<title>...") is wrapped in <html>.
    const whole = /<html[\s>]/i.test(html.slice(0, 4_096)) || STARTS_AS_DOCUMENT.test(html) ? html : `<html>${html}</html>`;
    const { document } = parseHTML(whole);
    placeOmittedSections(document as unknown as Document);
    return readPageSignals(document as unknown as Document, url);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** A document whose <html> comes after a long preamble of white space, comments or a doctype (not to be wrapped again). */
const STARTS_AS_DOCUMENT = /^(?:\s|<!--[\s\S]*?-->|<!doctype[^>]*>|<\?xml[^>]*>)*<html[\s>]/i;

/** Elements an HTML parser keeps in an implied <head>, when they come before any content. */
const HEAD_ELEMENTS = new Set(['base', 'link', 'meta', 'noscript', 'script', 'style', 'template', 'title']);

/**
 * Puts the nodes of a page that omits <head> or <body> (both optional in HTML) where an HTML parser puts them. linkedom
 * keeps the tree as written, so a page's <title> and text sat directly under <html>, where `document.title` and
 * `document.body` do not look: the page read as empty.
 */
function placeOmittedSections(document: Document): void {
  const root = document.documentElement;
  if (!root) return;
  const children = [...root.childNodes];
  const existing = (name: string): Element | undefined => children.find((n): n is Element => n.nodeType === 1 && (n as Element).localName === name);
  const head = existing('head');
  const body = existing('body');
  if (head && body) return;
  const newHead = head ?? document.createElement('head');
  const newBody = body ?? document.createElement('body');
  if (!head) root.insertBefore(newHead, root.firstChild);
  if (!body) root.appendChild(newBody);
  const beforeBody: Node[] = [];
  let inBody = false;
  for (const node of children) {
    if (node === head) continue;
    if (node === body) {
      inBody = true;
      continue;
    }
    const element = node.nodeType === 1 ? (node as Element).localName : '';
    const blank = node.nodeType === 8 || (node.nodeType === 3 && (node.textContent ?? '').trim() === '');
    // Metadata before any content belongs to the head; the first content starts the body (or joins the written one).
    if (!inBody && (HEAD_ELEMENTS.has(element) || blank)) newHead.appendChild(node);
    else if (inBody || !body) {
      inBody = true;
      newBody.appendChild(node);
    } else beforeBody.push(node);
  }
  for (const node of beforeBody.reverse()) newBody.insertBefore(node, newBody.firstChild);
}

/** Signals from plain text: no title or headings, only a bounded slice of the text. */
export function plainTextSignals(text: string, url: string): PageSignals {
  const signals = emptyPageSignals(url);
  signals.text = text.replace(/\s+/g, ' ').trim().slice(0, MAX_PLAIN_TEXT);
  return signals;
}

/** Decides what the bytes are (empty, binary, HTML, text) and reads signals accordingly; never throws. */
export function signalsFromInput(bytes: Uint8Array, url: string): InputSignals {
  if (bytes.length === 0) return { signals: emptyPageSignals(url), notes: ['no page content: verdict from the URL alone'], ignored: true };
  // A byte order mark names the encoding before any sniffing, as in a browser: UTF-16 text is full of zero bytes.
  const marked = decodeMarked(bytes);
  if (marked === null && looksBinary(bytes.subarray(0, SNIFF_BYTES))) {
    return { signals: emptyPageSignals(url), notes: ['input ignored: binary content, verdict from the URL alone'], ignored: true };
  }
  const decoded = marked ?? decode(bytes);
  if (decoded === null) {
    return { signals: emptyPageSignals(url), notes: ['input ignored: undecodable text, verdict from the URL alone'], ignored: true };
  }
  const notes = decoded.note ? [decoded.note] : [];
  const head = decoded.text.slice(0, SNIFF_BYTES);
  if (!looksLikeHtml(head)) return { signals: plainTextSignals(decoded.text, url), notes };
  const parsed = tryParseHtml(decoded.text, url);
  if (parsed instanceof Error) {
    return { signals: emptyPageSignals(url), notes: [...notes, `page could not be parsed (${parsed.message}): verdict from the URL alone`], parseFailed: true };
  }
  return { signals: parsed, notes };
}

function looksBinary(sniff: Uint8Array): boolean {
  let control = 0;
  for (const byte of sniff) {
    if (byte === 0) return true;
    // C0 controls other than tab, newline, carriage return and form feed.
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control++;
  }
  return control > sniff.length * 0.05;
}

/** Text whose byte order mark names its encoding (UTF-8, UTF-16LE, UTF-16BE), or null without one. */
function decodeMarked(bytes: Uint8Array): DecodedInput | null {
  const [b0, b1, b2] = bytes;
  const encoding = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 'utf-8' : b0 === 0xff && b1 === 0xfe ? 'utf-16le' : b0 === 0xfe && b1 === 0xff ? 'utf-16be' : null;
  // The decoder drops the mark; a cut in the middle of a character becomes U+FFFD.
  return encoding === null ? null : { text: new TextDecoder(encoding).decode(bytes) };
}

interface DecodedInput {
  text: string;
  /** Said to the user when the bytes were not what they claimed or were read leniently. */
  note?: string;
}

function decode(bytes: Uint8Array): DecodedInput | null {
  try {
    // Streaming: a character cut at the end (a page cut at the size limit) is left out, not an error.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true }) };
  } catch {
    // A UTF-8 page with a few stray bytes (text pasted from elsewhere) stays UTF-8, as a browser shows it: read as
    // Windows-1252, every accented word would turn to mojibake and the page's vocabulary would be lost.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    let invalid = 0;
    let valid = 0;
    for (let i = 0; i < lenient.length; i++) {
      const c = lenient.charCodeAt(i);
      if (c === 0xfffd) invalid++;
      else if (c > 0x7f) valid++;
    }
    if (valid > invalid) {
      return { text: lenient, note: `input was not valid UTF-8: read as UTF-8, ${invalid} invalid byte sequence${invalid === 1 ? '' : 's'} replaced` };
    }
    // Older French pages are often Windows-1252; a second, lenient pass keeps them readable.
    try {
      return { text: new TextDecoder('windows-1252').decode(bytes), note: 'input was not UTF-8: decoded as Windows-1252' };
    } catch {
      return null;
    }
  }
}

function looksLikeHtml(head: string): boolean {
  return /<\s*(!doctype|html|head|body|title|meta|main|article|div|p|h1|h2|script|span|section)\b/i.test(head);
}
