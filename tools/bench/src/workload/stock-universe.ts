// The SKUs and locations a bench workload trades in, numbered by popularity: stock key i is SKU
// i / locations at location i % locations, so low numbers are the fast movers in every store.
import { TOPICS, catalogItemV1Example, catalogLocationV1Example, createEnvelope, encodeEvent, type EncodedRecord } from '@ledgerline/contracts';
import { skewedIndex, type Random } from './seeded-random';

export interface StockKey {
  sku: string;
  locationId: string;
}

export class StockUniverse {
  constructor(
    readonly skuCount: number,
    readonly locationCount: number,
  ) {}

  get keyCount(): number {
    return this.skuCount * this.locationCount;
  }

  sku(index: number): string {
    return `SKU-${String(index).padStart(6, '0')}`;
  }

  location(index: number): string {
    return `S${String(index + 1).padStart(3, '0')}`;
  }

  key(index: number): StockKey {
    return { sku: this.sku(Math.floor(index / this.locationCount)), locationId: this.location(index % this.locationCount) };
  }

  /** A key among the first `openKeys` (those with opening stock), skewed towards the fast movers. */
  popularKey(random: Random, openKeys: number): StockKey {
    return this.key(skewedIndex(random, Math.min(openKeys, this.keyCount)));
  }

  /** A SKU among those stocked at `locationIndex`, skewed towards the fast movers. */
  popularSkuAt(random: Random, openKeys: number): string {
    const stockedSkus = Math.max(1, Math.min(this.skuCount, Math.floor(openKeys / this.locationCount)));
    return this.sku(skewedIndex(random, stockedSkus));
  }

  /** catalog.items.v1 records for every SKU, so the ledger knows them (no unknown-SKU alerts). */
  catalogRecords(updatedAt: string): EncodedRecord[] {
    return Array.from({ length: this.skuCount }, (_, index) => {
      const item = { ...catalogItemV1Example, sku: this.sku(index), description: `Bench item ${index}`, lowStockThreshold: 2, updatedAt };
      return encodeEvent(TOPICS.catalogItems, createEnvelope(TOPICS.catalogItems, item, { producer: 'erp', occurredAt: updatedAt }));
    });
  }

  /** catalog.locations.v1 records for every location. */
  locationRecords(updatedAt: string): EncodedRecord[] {
    return Array.from({ length: this.locationCount }, (_, index) => {
      const location = { ...catalogLocationV1Example, locationId: this.location(index), name: `Bench store ${index + 1}`, updatedAt };
      return encodeEvent(TOPICS.catalogLocations, createEnvelope(TOPICS.catalogLocations, location, { producer: 'erp', occurredAt: updatedAt }));
    });
  }
}
