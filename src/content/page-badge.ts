/**
 * The page badge: a small verdict pill in a closed shadow root, in the top layer, at a free corner of the viewport.
 * Styles are set through the CSSOM with !important (no <style> element, so the page's CSP cannot block them and
 * its stylesheets cannot override them); if the page removes or restyles it, it is put back, a bounded number of times.
 */
import type { PageBadgeState } from '../shared/messages.ts';
import { LEVEL_STYLES } from '../shared/levels.ts';

const MAX_REPAIRS = 20;
const MARGIN = 12;

let host: HTMLElement | null = null;
let observer: MutationObserver | null = null;
let repairs = 0;
let current: { badge: PageBadgeState; onClose: () => void } | null = null;

function css(el: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
}

const HOST_STYLES = {
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
  inset: 'auto',
  transform: 'none',
  filter: 'none',
  'clip-path': 'none',
  overflow: 'visible',
  'pointer-events': 'auto',
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
      const position = getComputedStyle(el).position;
      return position === 'fixed' || position === 'sticky';
    });
    if (!covered) return corner.pos;
  }
  return corners[0]!.pos;
}

function build(badge: PageBadgeState, onClose: () => void): HTMLElement {
  const element = document.createElement('vigie-badge');
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

  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', badge.closeLabel);
  close.title = badge.closeLabel;
  css(close, {
    display: 'inline-flex', 'justify-content': 'center', 'align-items': 'center', width: '22px', height: '22px', margin: '0',
    padding: '0', border: '0', 'border-radius': '50%', background: 'rgba(255,255,255,.2)', color: style.onColor,
    font: '700 15px/1 system-ui, sans-serif', cursor: 'pointer', 'flex-shrink': '0', outline: 'none',
  });
  close.addEventListener('focus', () => css(close, { outline: '2px solid #ffffff', 'outline-offset': '1px' }));
  close.addEventListener('blur', () => css(close, { outline: 'none' }));
  close.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
    hidePageBadge();
    onClose();
  });

  box.append(mark, text, close);
  root.append(box);
  css(element, { ...HOST_STYLES, ...freeCorner() });
  return element;
}

function attach(element: HTMLElement): void {
  document.documentElement.append(element);
  // The top layer keeps the badge above the page's own stacking contexts.
  try {
    element.setAttribute('popover', 'manual');
    element.showPopover();
  } catch {
    // Older engines: fixed position with the highest z-index is the fallback.
  }
}

/** Shows (or updates) the badge. */
export function showPageBadge(badge: PageBadgeState, onClose: () => void): void {
  hidePageBadge();
  current = { badge, onClose };
  host = build(badge, onClose);
  attach(host);
  observer = new MutationObserver(() => {
    if (!host || !current) return;
    const removed = !host.isConnected;
    const restyled = host.style.getPropertyPriority('display') !== 'important' || host.style.getPropertyValue('display') !== 'block';
    if ((removed || restyled) && repairs < MAX_REPAIRS) {
      repairs++;
      const state = current;
      showPageBadge(state.badge, state.onClose);
    }
  });
  observer.observe(document.documentElement, { childList: true });
  observer.observe(host, { attributes: true });
}

/** Removes the badge (closed by the user, or the verdict no longer calls for it). */
export function hidePageBadge(): void {
  observer?.disconnect();
  observer = null;
  host?.remove();
  host = null;
  current = null;
}
