// The simulated retailer's master data: stores and items with prices, costs, pack sizes,
// popularity (a Zipf-like curve: a few items sell all day, most sell rarely) and low-stock
// thresholds sized to the traffic the run will generate, so thresholds are crossed while watching.
import type { CatalogItemV1, CatalogLocationV1 } from '@ledgerline/contracts';
import { SeededRandom } from './seeded-random';

export interface SimulatedStore {
  readonly storeId: string;
  readonly name: string;
  readonly timezone: string;
  /** The region the store sells to, as the catalog names it (availability and reservations across a region). */
  readonly region: string;
  readonly terminalIds: readonly string[];
}

export interface SimulatedItem {
  readonly sku: string;
  readonly description: string;
  readonly packSize: number;
  /** Selling price in cents. */
  readonly priceCents: number;
  /** Purchase cost in cents. */
  readonly costCents: number;
  /** Relative chance of being on a basket line; sums to 1 over the catalog. */
  readonly popularity: number;
  readonly lowStockThreshold: number;
  /** Units per store delivered before trading starts. */
  readonly openingQuantity: number;
  readonly leadTimeDays: number;
}

export interface CatalogPlan {
  readonly stores: readonly SimulatedStore[];
  readonly items: readonly SimulatedItem[];
}

export interface CatalogOptions {
  readonly stores: number;
  readonly terminalsPerStore: number;
  readonly skus: number;
  /** Mean basket lines per second over all stores. */
  readonly linesPerSecond: number;
  /** Seconds of average demand each store holds at the start. */
  readonly openingCoverSeconds: number;
}

/** Mean units on one basket line (see basketLineQuantity). */
export const MEAN_UNITS_PER_LINE = 1.5;

const ADJECTIVES = ['Organic', 'Classic', 'Fresh', 'Premium', 'Family', 'Light', 'Whole', 'Smoked', 'Sparkling', 'Roasted', 'Mild', 'Spicy'];
const PRODUCTS = ['Coffee', 'Tea', 'Milk', 'Yoghurt', 'Bread', 'Butter', 'Cheese', 'Apples', 'Pasta', 'Rice', 'Olive Oil', 'Chocolate', 'Biscuits', 'Juice', 'Water', 'Soap', 'Shampoo', 'Tissues', 'Batteries', 'Candles'];
const SIZES = ['250g', '500g', '1kg', '1l', '6-pack', '12-pack', 'single', '2l'];
const CITIES = ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Frankfurt', 'Stuttgart', 'Leipzig', 'Dresden', 'Bremen', 'Hanover', 'Nuremberg', 'Dortmund'];
const REGION_OF_CITY: Record<string, string> = {
  Berlin: 'de-east',
  Leipzig: 'de-east',
  Dresden: 'de-east',
  Hamburg: 'de-north',
  Bremen: 'de-north',
  Hanover: 'de-north',
  Munich: 'de-south',
  Stuttgart: 'de-south',
  Nuremberg: 'de-south',
  Cologne: 'de-west',
  Frankfurt: 'de-west',
  Dortmund: 'de-west',
};
const ZIPF_EXPONENT = 1.1;

export const storeIdOf = (index: number) => `S${String(index + 1).padStart(3, '0')}`;
export const terminalIdOf = (index: number) => `T${String(index + 1).padStart(2, '0')}`;
export const skuOf = (index: number) => `SKU-${String(index + 1).padStart(5, '0')}`;

export function generateCatalog(options: CatalogOptions, random: SeededRandom): CatalogPlan {
  const stores: SimulatedStore[] = Array.from({ length: options.stores }, (_, index) => ({
    storeId: storeIdOf(index),
    name: `${CITIES[index % CITIES.length]} ${index >= CITIES.length ? Math.floor(index / CITIES.length) + 1 : 'Central'}`,
    timezone: 'Europe/Berlin',
    region: REGION_OF_CITY[CITIES[index % CITIES.length]!]!,
    terminalIds: Array.from({ length: options.terminalsPerStore }, (_, terminal) => terminalIdOf(terminal)),
  }));

  const rawWeights = Array.from({ length: options.skus }, (_, rank) => 1 / (rank + 1) ** ZIPF_EXPONENT);
  const weightSum = rawWeights.reduce((sum, weight) => sum + weight, 0);
  // Popularity ranks are shuffled over SKU numbers, so SKU-00001 is not always the best seller.
  const ranks = shuffle(Array.from({ length: options.skus }, (_, index) => index), random);

  const items = Array.from({ length: options.skus }, (_, index): SimulatedItem => {
    const popularity = (rawWeights[ranks[index] as number] as number) / weightSum;
    const unitsPerSecondPerStore = (options.linesPerSecond * MEAN_UNITS_PER_LINE * popularity) / Math.max(options.stores, 1);
    const coverUnits = unitsPerSecondPerStore * options.openingCoverSeconds;
    const packSize = random.pick([1, 1, 4, 6, 12]);
    const priceCents = random.integer(49, 2999);
    const margin = 0.45 + random.next() * 0.25;
    return {
      sku: skuOf(index),
      description: `${random.pick(ADJECTIVES)} ${random.pick(PRODUCTS)} ${random.pick(SIZES)}`,
      packSize,
      priceCents,
      costCents: Math.max(1, Math.round(priceCents * (1 - margin))),
      popularity,
      lowStockThreshold: Math.max(2, Math.ceil(coverUnits * 0.25)),
      openingQuantity: roundUpToPack(Math.max(12, Math.ceil(coverUnits)), packSize),
      leadTimeDays: random.pick([1, 2, 3, 5, 7]),
    };
  });
  return { stores, items };
}

export function roundUpToPack(quantity: number, packSize: number): number {
  return Math.ceil(quantity / packSize) * packSize;
}

/** Cents as the decimal string the contracts carry ("12.99"). */
export function centsToMoney(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents % 100).padStart(2, '0')}`;
}

export function toCatalogItem(item: SimulatedItem, updatedAt: string): CatalogItemV1 {
  return {
    sku: item.sku,
    description: item.description,
    unit: 'each',
    packSize: item.packSize,
    lowStockThreshold: item.lowStockThreshold,
    active: true,
    reorderPolicy: {
      leadTimeDays: item.leadTimeDays,
      serviceLevel: 0.95,
      reviewPeriodDays: 0,
      minimumOrderQuantity: item.packSize,
    },
    updatedAt,
  };
}

export function toCatalogLocation(store: SimulatedStore, updatedAt: string): CatalogLocationV1 {
  return { locationId: store.storeId, name: store.name, kind: 'store', timezone: store.timezone, region: store.region, active: true, updatedAt };
}

function shuffle<T>(items: T[], random: SeededRandom): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.integer(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
