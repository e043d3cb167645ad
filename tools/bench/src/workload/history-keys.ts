// The SKU/locations a loaded history holds and the span of business time it covers: what the
// history scenario fills query parameters from (random keys, random past times) and where it
// holds its physical count (the location with the most SKUs).
import type { StockKey } from './stock-universe';
import type { Random } from './seeded-random';

export class HistoryKeys {
  private readonly seen = new Set<string>();
  private readonly keys: StockKey[] = [];
  firstAt = Number.POSITIVE_INFINITY;
  lastAt = Number.NEGATIVE_INFINITY;

  add(key: StockKey, occurredAt: number): void {
    this.includeTime(occurredAt);
    const id = `${key.sku}@${key.locationId}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.keys.push({ sku: key.sku, locationId: key.locationId });
  }

  includeTime(occurredAt: number): void {
    if (occurredAt < this.firstAt) this.firstAt = occurredAt;
    if (occurredAt > this.lastAt) this.lastAt = occurredAt;
  }

  get size(): number {
    return this.keys.length;
  }

  randomKey(random: Random): StockKey {
    const key = this.keys[Math.floor(random() * this.keys.length)];
    if (!key) throw new Error('no stock keys loaded');
    return key;
  }

  /** A business time in the loaded span, uniformly. */
  randomTime(random: Random): number {
    return this.firstAt + random() * (this.lastAt - this.firstAt);
  }

  /** The location with the most SKUs, and those SKUs in load order (at most `limit`). */
  busiestLocation(limit: number): { locationId: string; skus: string[] } {
    const byLocation = new Map<string, string[]>();
    for (const key of this.keys) {
      const skus = byLocation.get(key.locationId) ?? [];
      skus.push(key.sku);
      byLocation.set(key.locationId, skus);
    }
    let busiest: { locationId: string; skus: string[] } = { locationId: '', skus: [] };
    for (const [locationId, skus] of byLocation) if (skus.length > busiest.skus.length) busiest = { locationId, skus };
    return { locationId: busiest.locationId, skus: busiest.skus.slice(0, limit) };
  }
}
