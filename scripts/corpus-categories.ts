/**
 * The categories of the health corpus (corpus/health/*.jsonl, corpus/health/FORMAT.md), each with the clause of issue 12's
 * definition that decides its label: one table for the scripts that add pages and check the files.
 */

/** Health category -> the clause of issue 12 that decides it. */
export const HEALTH_RULES: Record<string, string> = {
  agency: 'site of a health authority',
  hospital: 'site of a health provider (hospital)',
  clinic: 'site of a health provider (clinic)',
  practice: 'site of a health provider (practice)',
  laboratory: 'site of a health provider (laboratory)',
  pharmacy: 'site of a health provider (pharmacy)',
  'optician-hearing': 'site of a health provider (optician, hearing care)',
  'health-cover': 'health-insurance cover and claims',
  'patient-association': 'site of a patient association',
  'medical-information': 'medical publisher, medical advice',
  'trade-press': 'medical trade press',
  'booking-telehealth': 'use of medical care (booking, records, teleconsultation, results)',
  'mental-health': 'mental-health care or helpline',
  'public-health-topic': 'government page about a health topic',
  'patient-guidance': 'practical patient guidance',
};
/** Not-health category -> [the clause that decides it, whether a naive keyword matcher would take it for health]. */
export const NOT_HEALTH_RULES: Record<string, [string, boolean]> = {
  'health-news': ['general news about health policy, a strike or a health business', true],
  'health-tech': ['tech site about a health app or IT vendor writing about HDS', true],
  parliament: ['parliament transcript', true],
  veterinary: ['veterinary care is not health', true],
  fitness: ['fitness is not health', true],
  'spa-wellness': ['spa and wellness are not health', true],
  yoga: ['yoga is not health', true],
  cbd: ['CBD is not health', true],
  'sports-nutrition': ['sports nutrition is not health', true],
  beauty: ['beauty is not health', true],
  'recipes-diet': ['recipes are not health', true],
  'insurance-other': ['car, home or other non-health insurance: everything else', false],
  finance: ['finance: everything else', false],
  shopping: ['shopping: everything else', false],
  travel: ['travel: everything else', false],
  education: ['education: everything else', false],
  software: ['software: everything else', false],
  'general-news': ['general news: everything else', false],
  other: ['everything else', false],
};
