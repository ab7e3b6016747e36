import type { TabReport } from '../core/types.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { levelKey } from '../shared/verdict-text.ts';

/** "Pour vous": one plain sentence of what this level means for the person reading the page. */
export function ForYou(props: { report: TabReport; lang: Lang }) {
  const { report, lang } = props;
  const level = report.main?.level ?? 'unknown';
  return (
    <section class="for-you" aria-labelledby="for-you-title">
      <h2 id="for-you-title">{translate(lang, 'forYou_title')}</h2>
      <p data-testid="for-you">{translate(lang, levelKey('forYou', level))}</p>
    </section>
  );
}
