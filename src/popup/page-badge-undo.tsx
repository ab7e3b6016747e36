import { useEffect, useState } from 'preact/hooks';
import type { PageBadgeDismissal } from '../shared/messages.ts';
import { translate, type Lang } from '../shared/i18n.ts';

/** Says when the page badge was hidden on this site, and shows it again in one click (undoing a dismissal). */
export function PageBadgeUndo(props: { lang: Lang; load: () => Promise<PageBadgeDismissal | null>; showAgain: () => Promise<{ ok: boolean }> }) {
  const { lang, load, showAgain } = props;
  const [dismissal, setDismissal] = useState<PageBadgeDismissal | null>(null);
  useEffect(() => {
    void load().then(setDismissal, () => setDismissal(null));
  }, [load]);
  if (!dismissal?.dismissed) return null;
  return (
    <p data-testid="badge-hidden">
      {translate(lang, 'popup_badgeHidden', dismissal.site)}{' '}
      <button
        type="button"
        data-testid="badge-show-again"
        onClick={() => void showAgain().then((reply) => reply.ok && setDismissal({ ...dismissal, dismissed: false }))}
      >
        {translate(lang, 'popup_badgeShowAgain')}
      </button>
    </p>
  );
}
