import { decodeEvent, TOPICS } from '@ledgerline/contracts';
import { generatedHistory } from './generated-history';

describe('generatedHistory', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  const history = generatedHistory(400, 4, 5_000, 'h1', now);
  const movements = [...history.movementRecords()].map((record) => {
    const decoded = decodeEvent(TOPICS.inventoryMovements, record.value);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded.value.payload;
  });

  it('spreads exactly the requested movements over the year that ends now', () => {
    expect(movements).toHaveLength(5_000);
    const times = movements.map((movement) => Date.parse(movement.occurredAt));
    expect(Math.min(...times)).toBe(now - 365 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(now);
    expect(Math.max(...times)).toBeGreaterThan(now - 86_400_000);
    expect([history.keys.firstAt, history.keys.lastAt]).toEqual([Math.min(...times), Math.max(...times)]);
  });

  it('knows every key it moves, and holds a catalog record for every SKU and location', () => {
    expect(history.keys.size).toBe(400);
    const moved = new Set(movements.map((movement) => `${movement.sku}@${movement.locationId}`));
    expect(moved.size).toBe(400);
    expect(history.catalogItems).toHaveLength(100);
    expect(history.catalogLocations).toHaveLength(4);
    expect(history.keys.busiestLocation(1_000).skus).toHaveLength(100);
  });
});
