import type { ComponentChildren } from 'preact';

/** A link to an outside page: opens in a new tab (Vigie itself never fetches it) and says so to screen readers. */
export function ExternalLink(props: { href: string; children: ComponentChildren; newTabLabel: string }) {
  return (
    <a href={props.href} target="_blank" rel="noopener noreferrer">
      {props.children}
      <span class="visually-hidden"> {props.newTabLabel}</span>
    </a>
  );
}
