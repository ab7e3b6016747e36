import type { HealthVerdict } from '../core/types.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { ExternalLink } from '../ui/external-link.tsx';

/** Where the CNIL takes complaints (its own page; Vigie only links to it). */
export const CNIL_COMPLAINT_URL = 'https://www.cnil.fr/fr/adresser-une-plainte';

/** The message a visitor can send the site's DPO: which host, which offer, which transfers (GDPR Art. 13, 15). */
export function dpoMessage(lang: Lang, site: string): string {
  return translate(lang, 'dpo_message', site);
}

/**
 * "Que faire ?": what a visitor can actually do, without overclaiming: read the privacy policy, ask the DPO (with a
 * message to copy), complain to the CNIL, and know that HDS hosting outside the EU is lawful today. These steps are
 * about health data, so on a page not recognised as health-related the section says why they are not shown and how
 * to get them (about one health page in five is missed, and the user can mark it); on a page not read yet, that it
 * has not been read yet.
 */
export function WhatToDo(props: { lang: Lang; health: HealthVerdict | null; onCopyMessage: () => void }) {
  const { lang } = props;
  if (props.health?.health !== true) {
    // Not read yet is not "not recognised": the popup asks again until the page is read (popup-app.tsx).
    const note = props.health === null ? 'todo_health_pending' : 'todo_not_health';
    return (
      <section class="what-to-do" aria-labelledby="todo-title">
        <h2 id="todo-title">{translate(lang, 'todo_title')}</h2>
        <p class="muted" data-testid="todo-not-health" data-health-pending={props.health === null ? 'true' : undefined}>
          {translate(lang, note)}
        </p>
      </section>
    );
  }
  return (
    <section class="what-to-do" aria-labelledby="todo-title">
      <h2 id="todo-title">{translate(lang, 'todo_title')}</h2>
      <ol data-testid="what-to-do">
        <li>{translate(lang, 'todo_policy')}</li>
        <li>
          {translate(lang, 'todo_dpo')}{' '}
          <button type="button" class="link-button" data-testid="copy-dpo-message" onClick={props.onCopyMessage}>
            {translate(lang, 'todo_copy')}
          </button>
        </li>
        <li>
          {translate(lang, 'todo_cnil')}{' '}
          <ExternalLink href={CNIL_COMPLAINT_URL} newTabLabel={translate(lang, 'why_new_tab')}>
            {translate(lang, 'todo_cnil_link')}
          </ExternalLink>
        </li>
      </ol>
      <p class="muted" data-testid="todo-lawful">
        {translate(lang, 'todo_lawful')}
      </p>
    </section>
  );
}
