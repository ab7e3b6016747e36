/**
 * The page badge: a small verdict pill in a closed shadow root, in the top layer, at a free corner of the viewport.
 *
 * What a page can do against it, and what is done about it (README "What a page can and cannot do"):
 * - pre-define the element: the host is a plain <div>, which no custom-element definition can take over (a page's
 *   `customElements.define('vigie-badge', ...)` used to run its constructor and learn Vigie was there);
 * - restyle it: every host style is set inline with !important (no stylesheet of the page can beat that), and any
 *   change to the host's attributes or a close of its popover puts them all back;
 * - remove it: it is put back;
 * - cover it with its own top-layer element: the badge goes back on top whenever a popover or dialog opens;
 * - lure a click onto its close button: closing asks a second, deliberate question, refused while Chromium reports
 *   the badge covered or faded (IntersectionObserver v2), and a hidden badge can be shown again from the popup.
 * Repairs are bounded per page (a page that keeps fighting cannot make it loop); the toolbar badge, which no page can
 * touch, is the trusted surface.
 */
import type { PageBadgeState } from '../shared/messages.ts';
import { LEVEL_STYLES } from '../shared/levels.ts';

const MAX_REPAIRS = 50;
const MARGIN = 12;
/** A confirmation click within this time of the question appearing is not a deliberate one. */
const CONFIRM_DELAY_MS = 500;

let host: HTMLElement | null = null;
let position: Record<string, string> = {};
let observer: MutationObserver | null = null;
let visibility: IntersectionObserver | null = null;
/** Chromium only: false while something covers the badge or fades it (IntersectionObserver v2). */
let seenClearly = true;
let repairs = 0;
let repairing = false;
let current: { badge: PageBadgeState; onClose: () => void } | null = null;

function css(el: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
}

const HOST_STYLES: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  'z-index': '2147483647',
  display: 'block',
  visibility: 'visible',
  opacity: '1',
  margin: '0',
  padding: '0',
  border: '0',
  background: 'transparent',
  width: 'auto',
  height: 'auto',
  'min-width': '0',
  'min-height': '0',
  'max-width': 'none',
  'max-height': 'none',
  inset: 'auto',
  transform: 'none',
  translate: 'none',
  scale: 'none',
  rotate: 'none',
  filter: 'none',
  'backdrop-filter': 'none',
  clip: 'auto',
  'clip-path': 'none',
  mask: 'none',
  overflow: 'visible',
  'pointer-events': 'auto',
  'content-visibility': 'visible',
  zoom: '1',
  contain: 'layout style',
};

/** A corner whose point is not covered by the page's own fixed or sticky elements (cookie bars, chat buttons). */
function freeCorner(): Record<string, string> {
  const w = innerWidth;
  const h = innerHeight;
  const corners: { x: number; y: number; pos: Record<string, string> }[] = [
    { x: w - MARGIN - 40, y: h - MARGIN - 12, pos: { right: `${MARGIN}px`, bottom: `${MARGIN}px` } },
    { x: MARGIN + 40, y: h - MARGIN - 12, pos: { left: `${MARGIN}px`, bottom: `${MARGIN}px` } },
    { x: w - MARGIN - 40, y: MARGIN + 12, pos: { right: `${MARGIN}px`, top: `${MARGIN}px` } },
    { x: MARGIN + 40, y: MARGIN + 12, pos: { left: `${MARGIN}px`, top: `${MARGIN}px` } },
  ];
  for (const corner of corners) {
    const under = document.elementsFromPoint(corner.x, corner.y).filter((el) => el !== host);
    const covered = under.some((el) => {
      const place = getComputedStyle(el).position;
      return place === 'fixed' || place === 'sticky';
    });
    if (!covered) return corner.pos;
  }
  return corners[0]!.pos;
}

function button(label: string, text: string, colors: { background: string; color: string }): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.textContent = text;
  el.setAttribute('aria-label', label);
  el.title = label;
  css(el, {
    display: 'inline-flex', 'justify-content': 'center', 'align-items': 'center', 'min-width': '22px', height: '22px', margin: '0',
    padding: '0 6px', border: '0', 'border-radius': '999px', background: colors.background, color: colors.color,
    font: '700 12px/1 system-ui, sans-serif', cursor: 'pointer', 'flex-shrink': '0', outline: 'none',
  });
  el.addEventListener('focus', () => css(el, { outline: '2px solid #ffffff', 'outline-offset': '1px' }));
  el.addEventListener('blur', () => css(el, { outline: 'none' }));
  return el;
}

function build(badge: PageBadgeState, onClose: () => void): HTMLElement {
  // A built-in element: a page cannot register a constructor for it, so building the badge runs none of its code.
  const element = document.createElement('div');
  const root = element.attachShadow({ mode: 'closed' });
  const style = LEVEL_STYLES[badge.level];

  const box = document.createElement('div');
  box.setAttribute('role', 'status');
  box.setAttribute('aria-label', badge.detail);
  box.title = badge.detail;
  css(box, {
    display: 'flex', 'align-items': 'center', gap: '6px', 'max-width': '360px', padding: '6px 6px 6px 10px',
    background: style.color, color: style.onColor, 'border-radius': '999px', 'box-shadow': '0 2px 8px rgba(0,0,0,.35)',
    font: '600 12px/1.3 system-ui, -apple-system, "Segoe UI", sans-serif', 'letter-spacing': 'normal',
    'text-align': 'left', 'text-transform': 'none', 'white-space': 'normal', direction: 'ltr', outline: '2px solid #ffffff',
  });

  const mark = document.createElement('span');
  mark.textContent = style.mark;
  mark.setAttribute('aria-hidden', 'true');
  css(mark, { display: 'inline-flex', 'justify-content': 'center', 'align-items': 'center', width: '18px', height: '18px', 'border-radius': '50%', background: '#ffffff', color: style.color, 'font-weight': '800', 'flex-shrink': '0' });

  const text = document.createElement('span');
  text.textContent = `Vigie · ${badge.text}`;
  css(text, { display: 'inline', color: style.onColor });

  const light = { background: 'rgba(255,255,255,.2)', color: style.onColor };
  const close = button(badge.closeLabel, '×', light);
  css(close, { font: '700 15px/1 system-ui, sans-serif' });

  // The second, deliberate step: a question with two answers, in place of the pill's words.
  const question = document.createElement('span');
  css(question, { display: 'none', color: style.onColor });
  const ask = document.createElement('span');
  ask.textContent = badge.confirmText;
  const yes = button(badge.confirmLabel, badge.confirmLabel, { background: '#ffffff', color: style.color });
  const no = button(badge.cancelLabel, badge.cancelLabel, light);
  css(yes, { 'margin-left': '6px' });
  css(no, { 'margin-left': '6px' });
  question.append(ask, yes, no);
  let askedAt = 0;

  const showQuestion = (asking: boolean): void => {
    css(text, { display: asking ? 'none' : 'inline' });
    css(close, { display: asking ? 'none' : 'inline-flex' });
    css(question, { display: asking ? 'inline' : 'none' });
    askedAt = asking ? performance.now() : 0;
    if (asking) no.focus();
  };
  close.addEventListener('click', (event) => {
    if (event.isTrusted) showQuestion(true);
  });
  no.addEventListener('click', (event) => {
    if (event.isTrusted) showQuestion(false);
  });
  yes.addEventListener('click', (event) => {
    const deliberate = event.isTrusted && askedAt > 0 && performance.now() - askedAt >= CONFIRM_DELAY_MS && seenClearly;
    if (!deliberate) return;
    hidePageBadge();
    onClose();
  });

  box.append(mark, text, close, question);
  root.append(box);
  position = freeCorner();
  applyHostStyles(element);
  return element;
}

/** Every host style, all at once: the only attributes the host keeps are its style and its popover. */
function applyHostStyles(element: HTMLElement): void {
  for (const name of element.getAttributeNames()) if (name !== 'style' && name !== 'popover') element.removeAttribute(name);
  if (element.getAttribute('style') !== null) element.removeAttribute('style');
  css(element, { ...HOST_STYLES, ...position });
  appliedStyle = element.getAttribute('style');
}

/** The style attribute as the badge last wrote it: any other value means the page touched it. */
let appliedStyle: string | null = null;

function raise(element: HTMLElement): void {
  // The top layer keeps the badge above the page's own stacking contexts; showing it again puts it on top of it.
  try {
    if (element.getAttribute('popover') !== 'manual') element.setAttribute('popover', 'manual');
    if (element.matches(':popover-open')) element.hidePopover();
    element.showPopover();
  } catch {
    // Older engines: fixed position with the highest z-index is the fallback.
  }
}

/** True when the badge is not as built: detached, restyled, given other attributes, or out of the top layer. */
function tampered(element: HTMLElement): boolean {
  if (!element.isConnected || element.getAttribute('style') !== appliedStyle) return true;
  if (element.getAttributeNames().some((name) => name !== 'style' && name !== 'popover')) return true;
  try {
    return !element.matches(':popover-open');
  } catch {
    return false;
  }
}

/** Puts the badge back as built: attached, styled, on top (`raiseOnly`: it is intact, but something opened above). */
function repair(raiseOnly = false): void {
  if (!host || !current || repairing) return;
  if (repairs >= MAX_REPAIRS) return;
  if (!raiseOnly && !tampered(host)) return;
  repairs++;
  repairing = true;
  try {
    if (!host.isConnected) document.documentElement.append(host);
    applyHostStyles(host);
    raise(host);
  } finally {
    // Our own changes queue mutation records too: let them pass, then look again, since the page may have acted
    // in between (its records were dropped with ours).
    queueMicrotask(() => {
      observer?.takeRecords();
      repairing = false;
      repair();
    });
  }
}

function watch(element: HTMLElement): void {
  observer = new MutationObserver((records) => {
    if (repairing) return;
    const opened = records.some((r) => r.target !== element && (r.attributeName === 'open' || r.attributeName === 'popover'));
    repair(opened);
  });
  observer.observe(document.documentElement, { childList: true });
  observer.observe(element, { attributes: true });
  // A dialog or popover of the page opening goes above the badge: raise it again.
  observer.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['open', 'popover'] });
  element.addEventListener('toggle', onOwnToggle);
  document.addEventListener('toggle', onPageToggle, true);
  if ('IntersectionObserver' in globalThis) {
    try {
      visibility = new IntersectionObserver(
        (entries) => {
          const last = entries[entries.length - 1] as (IntersectionObserverEntry & { isVisible?: boolean }) | undefined;
          if (last && typeof last.isVisible === 'boolean') seenClearly = last.isVisible;
        },
        { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
      );
      visibility.observe(element);
    } catch {
      visibility = null;
    }
  }
}

function onOwnToggle(): void {
  // The page may have closed the badge's popover (hidePopover): open it again.
  if (current) repair();
}

function onPageToggle(event: Event): void {
  if (event.target !== host && (event as ToggleEvent).newState === 'open' && current) repair(true);
}

/** Shows (or updates) the badge. */
export function showPageBadge(badge: PageBadgeState, onClose: () => void): void {
  hidePageBadge();
  current = { badge, onClose };
  host = build(badge, onClose);
  document.documentElement.append(host);
  raise(host);
  watch(host);
}

/** Removes the badge (closed by the user, or the verdict no longer calls for it). */
export function hidePageBadge(): void {
  observer?.disconnect();
  observer = null;
  visibility?.disconnect();
  visibility = null;
  seenClearly = true;
  document.removeEventListener('toggle', onPageToggle, true);
  const old = host;
  host = null;
  current = null;
  old?.removeEventListener('toggle', onOwnToggle);
  old?.remove();
}
