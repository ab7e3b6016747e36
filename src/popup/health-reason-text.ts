/**
 * The classifier's reasons in the user's language: each reason code (src/core/health.ts) names a `healthReason_`
 * message, and its field and category arguments are names translated in turn.
 */
import type { HealthFieldId, HealthReasonCode, HealthReasonKey } from '../core/health-classifier.ts';
import { translate, type Lang, type MessageKey } from '../shared/i18n.ts';

const REASON_MESSAGES: Record<HealthReasonKey, MessageKey> = {
  listed: 'healthReason_listed',
  listedPaths: 'healthReason_listedPaths',
  listedOtherPage: 'healthReason_listedOtherPage',
  schema: 'healthReason_schema',
  schemaOther: 'healthReason_schemaOther',
  address: 'healthReason_address',
  addressOther: 'healthReason_addressOther',
  mentions: 'healthReason_mentions',
  mentionsOther: 'healthReason_mentionsOther',
  hostName: 'healthReason_hostName',
  hostNameOther: 'healthReason_hostNameOther',
  overrideHealth: 'healthReason_overrideHealth',
  overrideNotHealth: 'healthReason_overrideNotHealth',
};

const FIELD_NAMES: Record<HealthFieldId, MessageKey> = {
  title: 'healthField_title',
  headings: 'healthField_headings',
  description: 'healthField_description',
  siteName: 'healthField_siteName',
  keywords: 'healthField_keywords',
  text: 'healthField_text',
  address: 'healthField_address',
};

/** The categories of data/health-domains.json (a unit test checks none is missing). */
export const CATEGORY_NAMES: Readonly<Record<string, MessageKey>> = {
  'health-authority': 'healthCategory_health_authority',
  'hospital-clinic': 'healthCategory_hospital_clinic',
  'booking-teleconsultation': 'healthCategory_booking_teleconsultation',
  laboratory: 'healthCategory_laboratory',
  pharmacy: 'healthCategory_pharmacy',
  'health-insurer': 'healthCategory_health_insurer',
  'medical-information': 'healthCategory_medical_information',
  'patient-association': 'healthCategory_patient_association',
  'mental-health': 'healthCategory_mental_health',
  'medical-software': 'healthCategory_medical_software',
};

/** A domain-list category in words; an unknown id is shown as it is, hyphens as spaces. */
export function healthCategoryName(lang: Lang, id: string): string {
  const key = Object.hasOwn(CATEGORY_NAMES, id) ? CATEGORY_NAMES[id] : undefined;
  return key ? translate(lang, key) : id.replace(/-/g, ' ');
}

function fieldName(lang: Lang, id: string): string {
  return Object.hasOwn(FIELD_NAMES, id) ? translate(lang, FIELD_NAMES[id as HealthFieldId]) : id;
}

/** One reason in the given language, or null when its key is unknown (the caller then shows the English phrase). */
export function healthReasonText(lang: Lang, code: HealthReasonCode): string | null {
  if (!Object.hasOwn(REASON_MESSAGES, code.key)) return null;
  const key = code.key as HealthReasonKey;
  const args = [...code.args];
  if (key === 'listed' || key === 'listedPaths') args[1] = healthCategoryName(lang, args[1] ?? '');
  if (key === 'mentions' || key === 'mentionsOther') args[0] = fieldName(lang, args[0] ?? '');
  return translate(lang, REASON_MESSAGES[key], ...args);
}
