/** The public sources behind each "why it matters" claim (see /work/shared/reference/context.md). Opened, never fetched. */
export interface WhySource {
  title: string;
  url: string;
}

export const WHY_SOURCES = {
  secnumcloud: [
    { title: 'ANSSI, référentiel SecNumCloud 3.2 (PDF)', url: 'https://cyber.gouv.fr/sites/default/files/document/secnumcloud-referentiel-exigences-v3.2.pdf' },
    { title: 'ANSSI, prestataires SecNumCloud', url: 'https://cyber.gouv.fr/prestataires-de-services-dinformatique-en-nuage-secnumcloud' },
  ],
  cloudAct: [
    { title: 'DLA Piper, US CLOUD Act', url: 'https://blogs.dlapiper.com/privacymatters/us-cloud-act-bolsters-us-government-powers-to-obtain-data-stored-abroad/' },
  ],
  fisa: [
    { title: 'Lawfare, FISA Section 702 (2024)', url: 'https://lawfaremedia.org/article/fisa-section-702-reauthorized-for-two-years' },
    { title: 'CRS, R48592', url: 'https://www.everycrsreport.com/reports/R48592.html' },
  ],
  hds: [
    { title: 'ANS, hébergement des données de santé', url: 'https://esante.gouv.fr/labels-certifications/hebergement-des-donnees-de-sante' },
    { title: 'Banque des Territoires, Conseil d’État, nov. 2024', url: 'https://banquedesterritoires.fr/le-conseil-detat-valide-lhebergement-des-donnees-de-sante-par-microsoft' },
  ],
  cnil: [
    { title: 'Légifrance, délibération CNIL 2023-146', url: 'https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000049057224' },
    { title: 'Le Monde Informatique', url: 'https://www.lemondeinformatique.fr/actualites/lire-la-cnil-adoube-microsoft-pour-l-hebergement-des-donnees-de-l-assurance-maladie-92839.html' },
  ],
} satisfies Record<string, WhySource[]>;
