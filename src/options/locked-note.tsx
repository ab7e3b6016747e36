import { translate, type Lang } from '../shared/i18n.ts';

/** The visible lock label beside a setting an organisation's policy decides. */
export function LockedNote(props: { lang: Lang; id: string }) {
  return (
    <span class="locked-note" id={props.id} data-testid="locked-note">
      <span aria-hidden="true">🔒 </span>
      {translate(props.lang, 'options_locked')}
    </span>
  );
}
