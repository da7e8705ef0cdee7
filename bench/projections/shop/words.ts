import { type Random } from './random';

/**
 * What the generated catalog and customers are made of: product names like "Classic Blue Ceramic
 * Mug" with a few sentences of description, so full-text search has real words to stem and rank.
 */
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Kitchen: ['mug', 'bowl', 'kettle', 'teapot', 'frying pan', 'chef knife', 'cutting board'],
  Home: ['lamp', 'cushion', 'throw blanket', 'vase', 'picture frame', 'wall clock', 'candle'],
  Outdoor: ['tent', 'lantern', 'camping chair', 'sleeping bag', 'water bottle', 'backpack'],
  Garden: ['planter', 'watering can', 'garden hose', 'pruning shears', 'bird feeder'],
  Office: ['notebook', 'desk organiser', 'fountain pen', 'monitor stand', 'desk lamp'],
  Bath: ['towel', 'bath mat', 'soap dish', 'shower caddy', 'toothbrush holder'],
  Fitness: ['yoga mat', 'dumbbell', 'jump rope', 'foam roller', 'resistance band'],
  Kids: ['puzzle', 'building blocks', 'plush bear', 'crayon set', 'kite'],
  Travel: ['suitcase', 'travel pillow', 'toiletry bag', 'passport holder', 'packing cubes'],
  Audio: ['headphones', 'bluetooth speaker', 'earbuds', 'turntable', 'radio'],
  Pets: ['dog bed', 'cat tree', 'pet bowl', 'leash', 'chew toy'],
  Tools: ['screwdriver set', 'hammer', 'tape measure', 'spirit level', 'cordless drill'],
};

export const CATEGORY_NAMES = Object.keys(CATEGORIES);

/** Each product name starts with one of these; the catalog search workload queries one. */
export const ADJECTIVES = [
  'Classic',
  'Modern',
  'Rustic',
  'Compact',
  'Deluxe',
  'Vintage',
  'Essential',
  'Premium',
] as const;

const COLOURS = ['Blue', 'Red', 'Green', 'Black', 'White', 'Grey', 'Yellow', 'Teal', 'Oak'];
const MATERIALS = ['Ceramic', 'Steel', 'Bamboo', 'Cotton', 'Glass', 'Wool', 'Recycled', 'Linen'];
const FEATURES = [
  'dishwasher safe',
  'built to last for years',
  'easy to clean',
  'made from responsibly sourced materials',
  'designed in our studio',
  'perfect as a gift',
  'light enough to carry anywhere',
  'backed by a two-year warranty',
  'finished by hand',
  'available while stocks last',
];

export type ProductText = { name: string; description: string; category: string };

export function productText(random: Random, adjective: string): ProductText {
  const category = random.pick(CATEGORY_NAMES);
  const noun = random.pick(CATEGORIES[category]);
  const colour = random.pick(COLOURS);
  const material = random.pick(MATERIALS);
  const name = `${adjective} ${colour} ${material} ${capitalise(noun)}`;
  const sentences = [
    `A ${adjective.toLowerCase()} ${noun} in ${colour.toLowerCase()}, made of ${material.toLowerCase()}.`,
    `It is ${random.pick(FEATURES)} and ${random.pick(FEATURES)}.`,
    `Customers love this ${noun} for everyday use at home, at work or on the road.`,
  ];
  if (random.chance(0.5)) {
    sentences.push(`Pairs well with our other ${category.toLowerCase()} essentials.`);
  }
  return { name, description: sentences.join(' '), category };
}

const FIRST_NAMES = [
  'Alice',
  'Ben',
  'Chiara',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustav',
  'Hana',
  'Ivan',
  'Jana',
  'Kofi',
  'Lena',
  'Mateo',
  'Noor',
  'Oskar',
  'Priya',
];
const LAST_NAMES = [
  'Schmidt',
  'Rossi',
  'Novak',
  'Yilmaz',
  'Haddad',
  'Larsen',
  'Tanaka',
  'Petrov',
  'Mensah',
  'Weber',
  'Garcia',
  'Khan',
];
const CITIES: readonly (readonly [string, string, string])[] = [
  ['Berlin', '10115', 'DE'],
  ['Hamburg', '20095', 'DE'],
  ['Munich', '80331', 'DE'],
  ['Vienna', '1010', 'AT'],
  ['Zurich', '8001', 'CH'],
  ['Amsterdam', '1012', 'NL'],
  ['Paris', '75001', 'FR'],
  ['Milan', '20121', 'IT'],
  ['Madrid', '28001', 'ES'],
  ['Copenhagen', '1050', 'DK'],
];
const STREETS = ['Main Street', 'Park Avenue', 'Station Road', 'Mill Lane', 'Harbour Way'];

export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

export type AddressText = {
  label: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
};

export function address(random: Random, label: string): AddressText {
  const [city, postalCode, country] = random.pick(CITIES);
  return {
    label,
    line1: `${random.int(1, 240)} ${random.pick(STREETS)}`,
    ...(random.chance(0.3) ? { line2: `Flat ${random.int(1, 40)}` } : {}),
    city,
    postalCode,
    country,
  };
}

function capitalise(text: string): string {
  return text.replace(/\b\w/g, (c) => c.toUpperCase());
}
