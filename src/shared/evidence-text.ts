/**
 * What a clue says, in the user's language: its message (src/core/evidence-message.ts) rendered from `_locales`, the
 * one source of every clue's words. The popup, the HTML report and the Markdown export render it in the reader's
 * language; the CLI prints it in plain English (renderPlainEnglish), so its sentences and the extension's are one.
 */
import { EVIDENCE_MESSAGES, type EvidenceKey, type EvidencePhrase } from '../core/evidence-message.ts';
import type { Evidence } from '../core/types.ts';
import { formatIsoDate } from './format-date.ts';
import { translate, type Lang, type MessageKey } from './i18n.ts';
import { parseEvidenceMessage } from './messages.ts';

// Does not compile while a key of the evidence table is missing from the locales (the error names the key).
type MissingFromLocales = Exclude<EvidenceKey, MessageKey>;
const everyKeyInLocales: [MissingFromLocales] extends [never] ? true : MissingFromLocales = true;
void everyKeyInLocales;

/** A phrase in words: its parameters rendered first (a date in the reader's words), then substituted into its message. */
export function renderEvidencePhrase(lang: Lang, phrase: EvidencePhrase): string {
  const params: readonly (string | EvidencePhrase)[] = phrase.params;
  const slots: readonly string[] = EVIDENCE_MESSAGES[phrase.key].params;
  return translate(lang, phrase.key, ...params.map((p, i) => {
    if (typeof p !== 'string') return renderEvidencePhrase(lang, p);
    return slots[i] === 'date' ? formatIsoDate(lang, p) : p;
  }));
}

/**
 * A phrase in English as the CLI prints it (`vigie lookup --json`, `vigie audit`): the English message with the
 * locale's typographic quotes straightened (’ to ', “ ” to "): the CLI's output keeps the straight quotes it has always
 * had, so scripts that read it do not change. Parameters are what was observed and stay as they came (dates in ISO form).
 */
export function renderPlainEnglish(phrase: EvidencePhrase): string {
  const params: readonly (string | EvidencePhrase)[] = phrase.params;
  // Parameters go in after the straightening, through markers no message contains, so their own quotes are kept.
  const template = translate('en', phrase.key, ...params.map((_, i) => `\u0000${i}\u0000`))
    .replace(/\u2019/g, "'")
    .replace(/[\u201c\u201d]/g, '"');
  return template.replace(/\u0000(\d)\u0000/g, (_, i: string) => {
    const param = params[Number(i)]!;
    return typeof param === 'string' ? param : renderPlainEnglish(param);
  });
}

/**
 * The sentence of a clue in `lang`, or null when its message is missing or malformed (a hostile report): then the
 * clue is shown without it, by its kind and what was seen.
 */
export function evidenceSentence(lang: Lang, evidence: Evidence): string | null {
  const message = parseEvidenceMessage((evidence as { message?: unknown }).message);
  return message === null ? null : renderEvidencePhrase(lang, message);
}
