/**
 * Demo customers: first and last names and real-looking street addresses in several countries,
 * combined by the seeded generator into as many users as asked for.
 */
export type DemoAddress = Readonly<{
  label: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, as the write API takes it. */
  country: string;
}>;

export const FIRST_NAMES: readonly string[] = [
  'Anna',
  'Ben',
  'Chloé',
  'David',
  'Elif',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Marta',
  'Noah',
  'Olga',
  'Pedro',
  'Quinn',
  'Rosa',
  'Sven',
  'Yuki',
];

export const LAST_NAMES: readonly string[] = [
  'Schmidt',
  'Martin',
  'García',
  'Rossi',
  'de Vries',
  'Novak',
  'Johnson',
  'Dubois',
  'Tanaka',
  'Andersson',
  'Kowalski',
  'Okafor',
  'Silva',
  'Yılmaz',
  'Murphy',
];

/** Streets by country, each with its real city and a postal code of the local shape. */
export const ADDRESSES: readonly Omit<DemoAddress, 'label'>[] = [
  { line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' },
  {
    line1: 'Leopoldstraße 42',
    line2: '3. OG',
    city: 'München',
    postalCode: '80802',
    country: 'DE',
  },
  { line1: '18 rue de Rivoli', city: 'Paris', postalCode: '75004', country: 'FR' },
  { line1: '7 place Bellecour', city: 'Lyon', postalCode: '69002', country: 'FR' },
  { line1: 'Calle de Alcalá 55', city: 'Madrid', postalCode: '28014', country: 'ES' },
  { line1: 'Via del Corso 301', city: 'Roma', postalCode: '00186', country: 'IT' },
  { line1: 'Prinsengracht 263', city: 'Amsterdam', postalCode: '1016 GV', country: 'NL' },
  {
    line1: '221 Baker Street',
    line2: 'Flat B',
    city: 'London',
    postalCode: 'NW1 6XE',
    country: 'GB',
  },
  { line1: '12 Grafton Street', city: 'Dublin', postalCode: 'D02 VF65', country: 'IE' },
  {
    line1: '350 Fifth Avenue',
    line2: 'Suite 3300',
    city: 'New York',
    postalCode: '10118',
    country: 'US',
  },
  { line1: '1600 Pearl Street', city: 'Boulder', postalCode: '80302', country: 'US' },
  { line1: '100 Queen Street West', city: 'Toronto', postalCode: 'M5H 2N2', country: 'CA' },
  { line1: 'Drottninggatan 53', city: 'Stockholm', postalCode: '111 21', country: 'SE' },
  { line1: 'ul. Marszałkowska 84', city: 'Warszawa', postalCode: '00-514', country: 'PL' },
  {
    line1: '1-1 Marunouchi',
    line2: 'Chiyoda-ku',
    city: 'Tokyo',
    postalCode: '100-0005',
    country: 'JP',
  },
  { line1: 'Rua Augusta 274', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
];

export const ADDRESS_LABELS: readonly string[] = ['Home', 'Work', 'Parents'];
