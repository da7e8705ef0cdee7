/**
 * The demo catalogue: hand-written products whose descriptions hold the words people search
 * for ("espresso", "waterproof", "ergonomic"), so `GET /products?q=` has something to find.
 * Stocks stay below 100 (the most one order line may ask for), so an order can ask for more
 * than a product will ever have and the saga rejects it.
 */
export type CatalogueEntry = Readonly<{
  /** The stable part of the SKU; each run adds its own tag (see demo-plan.ts). */
  sku: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
  initialStock: number;
  /** Left out for most products: the server's default (10% of the stock, at least 5) applies. */
  lowStockThreshold?: number;
}>;

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    sku: 'KIT-CHEF-KNIFE',
    name: 'Chef knife, 20 cm',
    description: 'Forged stainless steel chef knife with a full tang and a walnut handle.',
    category: 'Kitchen',
    priceCents: 8900,
    initialStock: 40,
  },
  {
    sku: 'KIT-CAST-PAN',
    name: 'Cast iron skillet',
    description: 'Pre-seasoned cast iron pan for searing, baking and campfire cooking.',
    category: 'Kitchen',
    priceCents: 4500,
    initialStock: 30,
  },
  {
    sku: 'KIT-CUTTING-BOARD',
    name: 'Oak cutting board',
    description: 'End-grain oak board, gentle on knife edges, with a juice groove.',
    category: 'Kitchen',
    priceCents: 3900,
    initialStock: 50,
  },
  {
    sku: 'KIT-MIXING-BOWLS',
    name: 'Nesting mixing bowls',
    description: 'Three stainless steel bowls with non-slip silicone bases and pouring lips.',
    category: 'Kitchen',
    priceCents: 2900,
    initialStock: 12,
    lowStockThreshold: 6,
  },
  {
    sku: 'COF-ESPRESSO-BEANS',
    name: 'Espresso beans, 1 kg',
    description: 'Dark roast espresso coffee beans with notes of chocolate and hazelnut.',
    category: 'Coffee & Tea',
    priceCents: 2400,
    initialStock: 80,
  },
  {
    sku: 'COF-POUR-OVER',
    name: 'Pour-over coffee dripper',
    description: 'Ceramic pour-over dripper for a clean, bright filter coffee.',
    category: 'Coffee & Tea',
    priceCents: 2200,
    initialStock: 35,
  },
  {
    sku: 'COF-GREEN-TEA',
    name: 'Sencha green tea',
    description: 'Loose leaf Japanese sencha green tea, grassy and fresh, 100 g tin.',
    category: 'Coffee & Tea',
    priceCents: 1400,
    initialStock: 60,
  },
  {
    sku: 'COF-MILK-FROTHER',
    name: 'Milk frother',
    description: 'Handheld frother for cappuccino foam, latte and matcha.',
    category: 'Coffee & Tea',
    priceCents: 1900,
    initialStock: 10,
    lowStockThreshold: 4,
  },
  {
    sku: 'OUT-RAIN-JACKET',
    name: 'Waterproof rain jacket',
    description: 'Lightweight waterproof and breathable hiking jacket with taped seams.',
    category: 'Outdoor',
    priceCents: 12900,
    initialStock: 25,
  },
  {
    sku: 'OUT-TENT-2P',
    name: 'Two-person tent',
    description: 'Freestanding backpacking tent, 1.9 kg, quick pitch, for three seasons.',
    category: 'Outdoor',
    priceCents: 24900,
    initialStock: 8,
    lowStockThreshold: 3,
  },
  {
    sku: 'OUT-HEADLAMP',
    name: 'Rechargeable headlamp',
    description: 'USB-C rechargeable LED headlamp, 400 lumen, for running and camping.',
    category: 'Outdoor',
    priceCents: 3500,
    initialStock: 45,
  },
  {
    sku: 'OUT-WATER-BOTTLE',
    name: 'Insulated water bottle',
    description: 'Vacuum insulated steel bottle keeps drinks cold for 24 hours, 750 ml.',
    category: 'Outdoor',
    priceCents: 2700,
    initialStock: 70,
  },
  {
    sku: 'OFF-DESK-CHAIR',
    name: 'Ergonomic desk chair',
    description: 'Ergonomic office chair with lumbar support and adjustable armrests.',
    category: 'Office',
    priceCents: 32900,
    initialStock: 10,
  },
  {
    sku: 'OFF-STANDING-DESK',
    name: 'Standing desk',
    description: 'Electric height-adjustable standing desk with memory presets.',
    category: 'Office',
    priceCents: 49900,
    initialStock: 6,
    lowStockThreshold: 2,
  },
  {
    sku: 'OFF-NOTEBOOK',
    name: 'Dotted notebook, A5',
    description: 'Hardcover dotted notebook with 160 pages of fountain pen friendly paper.',
    category: 'Office',
    priceCents: 1600,
    initialStock: 90,
  },
  {
    sku: 'OFF-MONITOR-ARM',
    name: 'Monitor arm',
    description: 'Gas spring monitor arm for screens up to 32 inches, with cable management.',
    category: 'Office',
    priceCents: 8900,
    initialStock: 20,
  },
  {
    sku: 'AUD-HEADPHONES',
    name: 'Noise-cancelling headphones',
    description: 'Wireless Bluetooth headphones with active noise cancelling, 30 h battery.',
    category: 'Audio',
    priceCents: 19900,
    initialStock: 15,
  },
  {
    sku: 'AUD-SPEAKER',
    name: 'Portable speaker',
    description: 'Waterproof Bluetooth speaker with deep bass for the beach and the garden.',
    category: 'Audio',
    priceCents: 7900,
    initialStock: 30,
  },
  {
    sku: 'AUD-TURNTABLE',
    name: 'Record player',
    description: 'Belt-drive turntable for vinyl records with a built-in phono preamp.',
    category: 'Audio',
    priceCents: 22900,
    initialStock: 7,
  },
  {
    sku: 'AUD-EARBUDS',
    name: 'Sport earbuds',
    description: 'Sweat-resistant wireless earbuds with secure ear hooks for running.',
    category: 'Audio',
    priceCents: 6900,
    initialStock: 40,
  },
  {
    sku: 'HOM-LINEN-SHEETS',
    name: 'Linen bed sheets',
    description: 'Stonewashed linen bedding set, breathable and soft, for a double bed.',
    category: 'Home',
    priceCents: 11900,
    initialStock: 18,
  },
  {
    sku: 'HOM-WOOL-BLANKET',
    name: 'Wool throw blanket',
    description: 'Warm merino wool blanket with a herringbone weave for the sofa.',
    category: 'Home',
    priceCents: 8900,
    initialStock: 22,
  },
  {
    sku: 'HOM-CANDLE',
    name: 'Scented candle',
    description: 'Soy wax candle with cedar and vanilla scent, 40 hours of burning.',
    category: 'Home',
    priceCents: 2400,
    initialStock: 60,
  },
  {
    sku: 'HOM-PLANT-POT',
    name: 'Ceramic plant pot',
    description: 'Glazed ceramic planter with a drainage hole and saucer, for indoor plants.',
    category: 'Home',
    priceCents: 1900,
    initialStock: 9,
    lowStockThreshold: 5,
  },
];

/** Names added to a cycled product (the catalogue's second and later rounds), one per round. */
export const VARIANTS: readonly string[] = [
  'Graphite',
  'Sand',
  'Forest',
  'Ocean',
  'Clay',
  'Slate',
  'Moss',
  'Rust',
];
