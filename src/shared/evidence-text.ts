/**
 * What a clue says, in the user's language: its message (src/core/evidence-message.ts) rendered from `_locales`.
 * The popup, the HTML report and the Markdown export use this; rendered in English it is the clue's `text`, word for
 * word (test/unit/evidence-text.test.ts), so the CLI's English and the extension's sentences cannot drift apart.
 */
import type { EvidenceKey, EvidencePhrase } from '../core/evidence-message.ts';
import type { Evidence } from '../core/types.ts';
import { translate, type Lang, type MessageKey } from './i18n.ts';
import { parseEvidenceMessage } from './messages.ts';

// Does not compile while a key of the evidence table is missing from the locales (the error names the key).
type MissingFromLocales = Exclude<EvidenceKey, MessageKey>;
const everyKeyInLocales: [MissingFromLocales] extends [never] ? true : MissingFromLocales = true;
void everyKeyInLocales;

/** A phrase in words: its parameters rendered first, then substituted into its message. */
export function renderEvidencePhrase(lang: Lang, phrase: EvidencePhrase): string {
  const params: readonly (string | EvidencePhrase)[] = phrase.params;
  return translate(lang, phrase.key, ...params.map((p) => (typeof p === 'string' ? p : renderEvidencePhrase(lang, p))));
}

/**
 * The sentence of a clue in `lang`, or null when its message is missing or malformed (a report kept by an older
 * version, or a hostile one): then the clue is shown without it, except in English, where its `text` is that sentence.
 */
export function evidenceSentence(lang: Lang, evidence: Evidence): string | null {
  const message = parseEvidenceMessage((evidence as { message?: unknown }).message);
  if (message !== null) return renderEvidencePhrase(lang, message);
  return lang === 'en' && typeof evidence.text === 'string' && evidence.text !== '' ? evidence.text : null;
}
