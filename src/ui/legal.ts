/**
 * The dated legal statements of data/legal.json: what the popup's "why it matters" section and the exported report
 * say about SecNumCloud, the CLOUD Act, FISA 702, HDS and the Health Data Hub decisions, each with its sources.
 */
import legal from '../../data/legal.json' with { type: 'json' };
import type { Lang } from '../shared/i18n.ts';

export interface LegalSource {
  title: string;
  url: string;
  /** `primary`: the law, decision or referential itself; `secondary`: press or analysis. */
  kind: 'primary' | 'secondary';
  date?: string;
}

export interface LegalStatement {
  id: string;
  topic: string;
  /** ISO date the statement was last checked against its sources. */
  checked: string;
  text: Record<Lang, string>;
  sources: LegalSource[];
}

/** Every statement, in the order shown. */
export const LEGAL_STATEMENTS: readonly LegalStatement[] = legal.statements as LegalStatement[];

/** A statement is shown with a warning once its last check is more than a year old. */
export function isCheckOutdated(checked: string, now: Date): boolean {
  const [y, m, d] = checked.split('-').map(Number);
  if (!y || !m || !d) return true;
  return Date.UTC(y + 1, m - 1, d) < now.getTime();
}
