import { catalogItemV1Schema, catalogLocationV1Schema, validateContract } from '@ledgerline/contracts';
import { centsToMoney, generateCatalog, roundUpToPack, toCatalogItem, toCatalogLocation } from './catalog.generator';
import { SeededRandom } from './seeded-random';

const options = { stores: 3, terminalsPerStore: 2, skus: 50, linesPerSecond: 20, openingCoverSeconds: 600 };

describe('generateCatalog', () => {
  const plan = generateCatalog(options, new SeededRandom(42));

  it('is deterministic for a seed', () => {
    expect(generateCatalog(options, new SeededRandom(42))).toEqual(plan);
    expect(generateCatalog(options, new SeededRandom(43)).items).not.toEqual(plan.items);
  });

  it('has the stores, terminals and SKUs asked for, with unique ids', () => {
    expect(plan.stores.map((store) => store.storeId)).toEqual(['S001', 'S002', 'S003']);
    expect(plan.stores[0]!.terminalIds).toEqual(['T01', 'T02']);
    expect(new Set(plan.items.map((item) => item.sku)).size).toBe(50);
  });

  it('gives a few items most of the demand (popular and slow movers)', () => {
    const popularity = plan.items.map((item) => item.popularity).sort((a, b) => b - a);
    expect(popularity.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 10);
    const topFive = popularity.slice(0, 5).reduce((sum, share) => sum + share, 0);
    expect(topFive).toBeGreaterThan(0.4);
    expect(popularity[49]!).toBeLessThan(popularity[0]! / 20);
  });

  it('opens with stock above the low-stock threshold, in whole packs, and costs below prices', () => {
    for (const item of plan.items) {
      expect(item.openingQuantity).toBeGreaterThan(item.lowStockThreshold);
      expect(item.openingQuantity % item.packSize).toBe(0);
      expect(item.costCents).toBeLessThan(item.priceCents);
    }
  });

  it('maps to valid catalog contracts', () => {
    const now = '2026-01-05T09:00:00Z';
    for (const item of plan.items) expect(validateContract(catalogItemV1Schema, toCatalogItem(item, now)).ok).toBe(true);
    for (const store of plan.stores) expect(validateContract(catalogLocationV1Schema, toCatalogLocation(store, now))).toMatchObject({ ok: true });
    // Berlin, Hamburg, Munich: each store in its city's region.
    expect(plan.stores.map((store) => toCatalogLocation(store, now).region)).toEqual(['de-east', 'de-north', 'de-south']);
  });
});

describe('money and packs', () => {
  it('formats cents as a decimal string', () => {
    expect(centsToMoney(1299)).toBe('12.99');
    expect(centsToMoney(5)).toBe('0.05');
    expect(centsToMoney(0)).toBe('0.00');
  });

  it('rounds up to whole packs', () => {
    expect(roundUpToPack(13, 6)).toBe(18);
    expect(roundUpToPack(12, 6)).toBe(12);
  });
});
