/**
 * The hand-written vocabulary of the health model (French first, then English): its classes (strong, medium, weak,
 * other subject) are features whose weights are learned (health-features.ts). Compiled from
 * ../shared/reference/health-keywords.md (beside the repo; strong / medium / weak terms) plus negative contexts for the hard
 * negatives (animal care, fitness, beauty, food, other insurance, banking, CBD, sports nutrition, accident news).
 * Terms are written with their accents for display; matching folds case and accents and respects word boundaries.
 */

/** One term or phrase and what a match adds to the score (negative: the page is about something else). */
export interface VocabularyTerm {
  term: string;
  weight: number;
}

// Weights in one place so the families stay comparable.
const STRONG = 4;
const MEDIUM = 2;
const WEAK = 0.75;
const OTHER_SUBJECT = -5;
const OTHER_CONTEXT = -2;

function terms(weight: number, list: string): VocabularyTerm[] {
  return list
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((term) => ({ term, weight }));
}

/** Made at first use (health-features.ts compiles it then): a starting worker needs none of it for its first verdict. */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/** Page-text vocabulary, positive and negative. */
export const healthVocabulary = once((): readonly VocabularyTerm[] => [
  // French — care places and institutions
  ...terms(
    STRONG,
    `hôpital, hôpitaux, centre hospitalier, centres hospitaliers, hospitalier, hospitalière, CHU, CHRU, AP-HP, AP-HM,
     polyclinique, maison de santé, centre de santé, maternité, EHPAD, centre de rééducation, centre de dialyse,
     cabinet médical, cabinet dentaire, laboratoire d'analyses, laboratoire de biologie médicale, biologie médicale,
     pharmacie, pharmacies, officine, pharmacie de garde, établissement de santé, établissements de santé`,
  ),
  // French — professions
  ...terms(
    STRONG,
    `médecin, médecins, médecin généraliste, médecin traitant, infirmier, infirmière, infirmières, sage-femme,
     kinésithérapeute, masseur-kinésithérapeute, orthophoniste, orthoptiste, ergothérapeute, podologue,
     chirurgien-dentiste, chirurgiens-dentistes, dentiste, pharmacien, pharmaciens, biologiste, radiologue,
     anesthésiste, psychiatre, psychologue, psychologues, pédiatre, gynécologue, cardiologue, dermatologue,
     ophtalmologiste, ophtalmologue, ORL, oncologue, neurologue, rhumatologue, endocrinologue, diabétologue,
     urologue, pneumologue, audioprothésiste, opticien, praticien hospitalier, professionnel de santé,
     professionnels de santé`,
  ),
  // French — care and acts
  ...terms(
    STRONG,
    `téléconsultation, téléconsultations, télémédecine, prise de rendez-vous médical, rendez-vous médical,
     rendez-vous médicaux, ordonnance médicale, prescription médicale, vaccination, vaccinations, dépistage,
     bilan sanguin, prise de sang, analyses médicales, examens biologiques, imagerie médicale, IRM, radiographie,
     échographie, mammographie, chirurgie ambulatoire, hospitalisation, hospitalisé, soins palliatifs,
     chimiothérapie, radiothérapie, dialyse, greffe, anesthésie, parcours de soins, accès aux soins,
     consultation médicale, acte médical, avis médical, arrêt de travail, certificat médical, prothèses auditives,
     examen de vue, santé mentale, psychothérapie`,
  ),
  // French — conditions
  ...terms(
    STRONG,
    `maladie, maladies, pathologie, pathologies, symptômes, diabète, hypertension, asthme, AVC, infarctus,
     Alzheimer, Parkinson, sclérose en plaques, VIH, hépatite, grippe, COVID-19, bronchiolite, endométriose,
     dépression, troubles anxieux, maladie chronique, maladies chroniques, maladie rare, maladies rares,
     insuffisance cardiaque, insuffisance rénale, surdité, glaucome, cataracte, cancer, cancers, diagnostic médical`,
  ),
  // French — medicines and the health system
  ...terms(
    STRONG,
    `médicament, médicaments, posologie, effets indésirables, contre-indication, pharmacovigilance, ANSM, Vidal,
     Assurance Maladie, ameli, CPAM, carte Vitale, tiers payant, remboursement des soins, complémentaire santé,
     complémentaires santé, mutuelle santé, mutuelles santé, Sécurité sociale, ARS, agence régionale de santé,
     Haute Autorité de santé, Santé publique France, dossier médical partagé, Mon espace santé, données de santé,
     code de la santé publique, feuilles de soins, 100% santé, Doctolib`,
  ),
  // French — medium
  ...terms(
    MEDIUM,
    `santé, médical, médicale, médicaux, médicales, médecine, patient, patiente, patients, praticien, praticiens,
     soignant, soignants, prévention, grossesse, accouchement, contraception, ménopause, fertilité, douleur,
     fièvre, toux, urgences, SAMU, rendez-vous, ordonnance, prescription, traitement
     médicamenteux, clinique, laboratoire, mutuelle, vaccin, vaccins, chirurgie, chirurgical, chirurgien, soins,
     thérapie, thérapeutique, opéré, intervention chirurgicale, infection, virus, diagnostic, traitement,
     traitements, suivi médical, psychique, insuline, glycémie`,
  ),
  // French — weak
  // "consultation" alone is also legal, public or IT consultation: weak unless qualified ("consultation médicale").
  ...terms(
    WEAK,
    `bien-être, hygiène, nutrition, sommeil, docteur, examen, examens, analyse, analyses, prothèse, prothèses, consultation,
     consultations`,
  ),

  // English — strong
  ...terms(
    STRONG,
    `hospital, hospitals, health centre, health center, medical center, medical centre, emergency room, pharmacy,
     pharmacist, physician, physicians, GP, nurse, nurses, midwife, surgeon, dentist, physiotherapist,
     psychiatrist, psychologist, paediatrician, pediatrician, cardiologist, oncologist, radiologist, telehealth,
     telemedicine, prescription, prescriptions, vaccination, blood test, MRI, CT scan, X-ray, chemotherapy,
     radiotherapy, dialysis, disease, diseases, symptoms, diagnosis, diabetes, hypertension, asthma, stroke,
     dementia, HIV, hepatitis, COVID-19, medication, medications, side effects, health insurance, patient portal,
     electronic health record, medical record, NHS, outpatient, outpatients, inpatient, hospitalisation,
     hospitalization, anaesthetist, anesthesiologist, multiple sclerosis, Alzheimer's, meningitis, mental health`,
  ),
  // English — medium and weak
  ...terms(
    MEDIUM,
    `health, healthcare, medical, medicine, patient, patients, doctor, doctors, clinic, clinical, treatment,
     therapy, surgery, appointment, appointments, pregnancy, rehabilitation, check-up, illness, infection`,
  ),
  ...terms(WEAK, `care, wellness, prevention, nutrition`),
  // English — practices, professions and services the first list lacked (issue 12, fifth pass: English practice
  // pages, patient groups and trade press were the kinds most missed).
  ...terms(
    STRONG,
    `dental practice, dental surgery, dental care, dental implants, dentistry, dentists, orthodontist, orthodontics,
     dental hygienist, chiropractor, chiropractic, osteopath, osteopathy, podiatrist, podiatry, optometrist,
     optometrists, optician, opticians, audiologist, audiology, hearing aids, hearing test, eye test, eye examination,
     physiotherapy, physiotherapists, physical therapy, physical therapist, occupational therapy, speech therapy,
     speech and language therapy, psychotherapy, psychotherapist, psychiatry, psychology service, counselling service,
     GP practice, GP surgery, general practice, general practitioner, general practitioners, new patients, new patient,
     repeat prescriptions, repeat prescription, NHS trust, health visitor, midwives, midwifery, maternity,
     accident and emergency, urgent care, walk-in centre, primary care, secondary care, clinicians, nursing,
     pathology, test results, vaccine, vaccines, immunisation, immunization, pharmacists, medicines, eating disorder,
     eating disorders, depression, anxiety disorder, ADHD assessment, cancer, cancers, patient information,
     patient support, support group, helpline, crisis line, mental health services, health plan, Medicare, Medicaid`,
  ),
  ...terms(MEDIUM, `dental, therapist, therapists, counselling, counseling, counsellor, counselor, referral, wellbeing, anxiety, diagnosed`),

  // Other subjects that borrow the medical vocabulary: their presence says the page is about something else.
  ...terms(
    OTHER_SUBJECT,
    `vétérinaire, vétérinaires, clinique vétérinaire, cabinet vétérinaire, veterinary, veterinarian, vet clinic,
     animal hospital, animal de compagnie, animaux de compagnie, salle de sport, salle de musculation, musculation,
     fitness, club de gym, institut de beauté, soins esthétiques, esthéticienne, soin du visage, soins du visage,
     épilation, recette, recettes, recipe, recipes, assurance auto, assurance automobile, tous risques, bonus-malus,
     multirisque habitation, multirisques habitation, assurance habitation, compte bancaire, banque en ligne,
     carte bancaire, cartes bancaires, CBD, cannabidiol, THC, fleurs de CBD, whey, prise de masse, BCAA,
     nutrition sportive, perdre du poids, régime minceur, menu minceur, écran cassé, RGPD, soins du corps, soin du corps,
     soins corps,
     données personnelles, faits divers, sapeurs-pompiers, sapeur-pompier, pompiers, week-end à`,
  ),
  ...terms(
    OTHER_CONTEXT,
    `animal, animaux, chien, chiens, chat, chats, chiot, chaton, chatons, pet, pets, puppy, puppies, kitten, dog,
     dogs, cat, cats, coach, coachs, abonnement, cours collectifs, cardio, massage, massages, modelage, spa, beauté,
     cosmétiques, cuisson, four, ingrédients, gratin, cookies, baking, pâtes, fromage, véhicule, conducteur,
     automobile, sinistre, sinistres, dégât des eaux, locataire, propriétaire, banque, banques, néobanque, crédit,
     épargne, chanvre, cannabis, e-liquide, protéines, protéine, shaker, muscle, musculaire, calories, kilos,
     minceur, gendarmerie, gendarmes, collision, désincarcérés, blessé, blessés, enquête, hôtel, hôtels, voyage,
     réparation, réparateur, tram, données à caractère personnel, traitement des données, smartphone, iPhone,
     carte cadeau, cartes cadeaux, bon cadeau, bons cadeaux, détente, feline, canine, heartworm`,
  ),
]);

/** Tokens of host names and URL paths, matched on whole tokens (split on - _ . /). */
export const urlTokens = once((): readonly VocabularyTerm[] => [
  ...terms(
    STRONG,
    `sante, medecin, medecins, medical, medicale, medecine, hopital, hopitaux, hospitalier, chu, chru, aphp, clinique,
     polyclinique, pharmacie, pharmacies, mutuelle, labo, laboratoire, biologie, radiologie, imagerie, dentiste,
     dentaire, kine, infirmier, teleconsultation, ordonnance, vaccination, ehpad, ameli, doctolib, health, hospital,
     medicine, pharmacy, patient, patients, nhs, doctor, psychologue, psy, maladies, symptomes, medicaments,
     diabete, cancer, audition, optique, opticien, dental, dentist, dentistry, orthodontics, physio, physiotherapy,
     chiropractic, osteopathy, osteopathie, podiatry, podologie, optometry, audiology, counselling, psychiatry,
     psychiatrie, psychologie, psychotherapie, gp, clinic, clinics, appointments, maternity, maternite, paediatrics,
     pediatrics, pediatrie, cardiology, cardiologie, dermatology, dermatologie, radiology, oncology, oncologie, urology,
     neurology, gynaecology, gynecologie, ophtalmologie, kinesitherapie, vaccines, prescriptions, ordonnances, nursing,
     midwifery, urgences, mentalhealth`,
  ),
  ...terms(
    OTHER_SUBJECT,
    `veterinaire, veterinaires, veto, vet, vets, veterinary, animal, animaux, pet, pets, fitness, muscu, musculation,
     gym, recette, recettes, recipe, recipes, cuisine, food, cbd, whey, banque, bank, auto, automobile, habitation,
     beaute, beauty, spa, voyage, travel, hotel, hotels`,
  ),
]);

/** Stems searched inside compound host names without separators (e.g. `santepubliquefrance`, `cliniqueveterinaire`). */
export const hostStems = once((): readonly VocabularyTerm[] => [
  ...terms(STRONG, `sante, medecin, medical, hopital, clinique, pharmac, mutuelle, dentaire, hospital, health`),
  // Professions and care words (kept 2026-12-03 by the pre-registered four-seed comparison, docs/health.md): a compound
  // host such as `orthodonticsinlondon` or `imagerienordbassin` otherwise gives the URL-only model nothing.
  ...terms(
    STRONG,
    `docteur, doctor, dental, dentist, physio, kinesi, ortho, ophtalm, ophthalm, optic, optique, audition, radiolog,
     imagerie, psycholog, psychiatr, infirmi, podolog, pediatr, dermato, chirurg, surgery, therap, medic, sagefemme,
     maieut, gyneco`,
  ),
  ...terms(OTHER_SUBJECT, `veterin, veto, animal, fitness, muscu, recette, cuisine, banque, assurauto, beaute, voyage`),
]);

/**
 * schema.org types by which a site declares itself a provider of human health care: MedicalOrganization and
 * MedicalBusiness with their subtypes (schema.org 2026 hierarchy). Decisive (health-classifier.ts, `schemaDecision`):
 * no corpus page carries schema.org types, so a learned weight for them would be a guess, and a site that types itself
 * a Physician or a Hospital says what it is. VeterinaryCare, also a MedicalOrganization subtype, is the counter-rule.
 */
export const MEDICAL_PROVIDER_SCHEMA_TYPES: ReadonlySet<string> = new Set([
  'MedicalOrganization',
  'MedicalBusiness',
  'Hospital',
  'Physician',
  'IndividualPhysician',
  'PhysiciansOffice',
  'Dentist',
  'Pharmacy',
  'MedicalClinic',
  'CovidTestingFacility',
  'DiagnosticLab',
  'Optician',
  'CommunityHealth',
  'Dermatology',
  'DietNutrition',
  'Emergency',
  'Geriatric',
  'Gynecologic',
  'Midwifery',
  'Nursing',
  'Obstetric',
  'Oncologic',
  'Optometric',
  'Otolaryngologic',
  'Pediatric',
  'Physiotherapy',
  'PlasticSurgery',
  'Podiatric',
  'PrimaryCare',
  'Psychiatric',
  'PublicHealth',
]);

/**
 * schema.org types of medical content (a page about a condition, a drug, a plan): a news article or a beauty blog can
 * carry them too (`about`, `mentions`), so they are not decisive; they are model features starting from a prior
 * (health-features.ts, PRIORS).
 */
export const MEDICAL_CONTENT_SCHEMA_TYPES: ReadonlySet<string> = new Set([
  'MedicalWebPage',
  'MedicalCondition',
  'MedicalEntity',
  'Drug',
  'DrugClass',
  'HealthInsurancePlan',
  'MedicalProcedure',
  'MedicalSpecialty',
  'MedicalTest',
  'MedicalTherapy',
  'PhysicalTherapy',
  'MedicalScholarlyArticle',
  'MedicalGuideline',
  'MedicalStudy',
  'MedicalSignOrSymptom',
]);

/** Animal care: decisive against health, whatever other medical type the page also declares (a vet is typed both). */
export const VETERINARY_SCHEMA_TYPES: ReadonlySet<string> = new Set(['VeterinaryCare', 'AnimalShelter', 'PetStore']);

/**
 * The neighbours of care that issue 12's definition leaves out (beauty, spa, fitness): next to a medical provider type
 * (an aesthetic clinic typed MedicalClinic and BeautySalon) they make the declaration ambiguous, and the model decides.
 */
export const CARE_NEIGHBOUR_SCHEMA_TYPES: ReadonlySet<string> = new Set([
  'HealthAndBeautyBusiness',
  'BeautySalon',
  'DaySpa',
  'HairSalon',
  'NailSalon',
  'TattooParlor',
  'HealthClub',
  'ExerciseGym',
  'SportsActivityLocation',
]);

/**
 * schema.org types that say the page is about something else (the vet clinic, the gym, the recipe, the bank). Not
 * InsuranceAgency: mutuelles and health insurers type themselves so, and health cover is health.
 */
export const OTHER_SCHEMA_TYPES: ReadonlySet<string> = new Set([
  ...VETERINARY_SCHEMA_TYPES,
  ...CARE_NEIGHBOUR_SCHEMA_TYPES,
  'Recipe',
  'BankOrCreditUnion',
  'FinancialService',
  'AutoDealer',
  'AutoRepair',
  'Hotel',
  'LodgingBusiness',
  'Restaurant',
]);
