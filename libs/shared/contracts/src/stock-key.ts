// Kafka key of everything that concerns one SKU at one location. One key means one partition, so
// the movements of a sku/location are applied in the order they were written, which is what makes
// the moving average cost deterministic. SKUs cannot contain '@', so the first '@' splits the key.

export interface StockKeyParts {
  readonly sku: string;
  readonly locationId: string;
}

export function stockKey(sku: string, locationId: string): string {
  return `${sku}@${locationId}`;
}

/** The sku and location of a stock key, or null when the text is not one. */
export function parseStockKey(key: string): StockKeyParts | null {
  const separator = key.indexOf('@');
  if (separator <= 0 || separator === key.length - 1) return null;
  return { sku: key.slice(0, separator), locationId: key.slice(separator + 1) };
}
