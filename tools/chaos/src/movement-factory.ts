// Wire movements for the fault scenarios, as an ERP or a till would send them, with ids that are
// stable across resends (the idempotency key) and business times on a fixed calendar.
import type { InventoryMovementV1, MovementOfKind } from '@ledgerline/contracts';
import { formatMoney } from '@ledgerline/money';

const CALENDAR_START = Date.UTC(2026, 2, 2, 6, 0);

/** Business time `minutes` after the scenario's calendar start. */
export function businessTime(minutes: number): string {
  return new Date(CALENDAR_START + Math.round(minutes * 60_000)).toISOString();
}

export function splitKey(key: string): { sku: string; locationId: string } {
  const [sku, locationId] = key.split('@') as [string, string];
  return { sku, locationId };
}

export function receipt(id: string, key: string, quantity: number, unitCost: string, minutes: number): MovementOfKind<'receipt'> {
  return { movementId: id, kind: 'receipt', ...splitKey(key), quantity, unitCost, occurredAt: businessTime(minutes), source: { system: 'erp', documentId: id.slice(0, 64) } };
}

export function tillLine(kind: 'sale' | 'return', id: string, key: string, quantity: number, minutes: number): InventoryMovementV1 {
  const { sku, locationId } = splitKey(key);
  return { movementId: id, kind, sku, locationId, quantity, occurredAt: businessTime(minutes), source: { system: 'pos', storeId: locationId, transactionId: id.slice(-64), lineNumber: 1 } };
}

export function count(id: string, key: string, countedQuantity: number, minutes: number): MovementOfKind<'count'> {
  return { movementId: id, kind: 'count', ...splitKey(key), countId: id.slice(-64), countedQuantity, occurredAt: businessTime(minutes), source: { system: 'ops', documentId: id.slice(-64) } };
}

export function adjustment(id: string, key: string, quantity: number, reasonCode: 'damaged' | 'count-variance', minutes: number): InventoryMovementV1 {
  return { movementId: id, kind: 'adjustment', ...splitKey(key), quantity, reasonCode, occurredAt: businessTime(minutes), source: { system: 'erp', documentId: id.slice(-64) } };
}

/** Receipts for every key, then sales and returns spread over the keys: a busy store's morning. */
export function storeTraffic(runId: string, keys: string[], linesPerKey: number): InventoryMovementV1[] {
  const movements: InventoryMovementV1[] = keys.map((key) => receipt(`${runId}:rcpt:${key}`, key, linesPerKey * 2, '2.4000', 0));
  for (let line = 1; line <= linesPerKey; line += 1) {
    for (const key of keys) {
      const kind = line % 7 === 0 ? 'return' : 'sale';
      movements.push(tillLine(kind, `${runId}:pos:${key}:${line}`, key, 1 + (line % 3), line));
    }
  }
  return movements;
}

/** A busy store's morning whose goods were bought at several costs, and the receipts that open it. */
export interface LayeredTraffic {
  /** The opening receipts, to be sent first and in order: each key's first two share a cost (one merged layer), its third costs another. */
  opening: InventoryMovementV1[];
  /** The opening receipts, then sales, returns and restocks at costs of their own. */
  movements: InventoryMovementV1[];
}

/**
 * storeTraffic with the key's goods received at uneven costs (four decimals, none dividing the
 * others): three opening receipts per key, the first two at one cost, and a restock every fifth
 * line at one of four costs (some repeating the opening one). Valued first in, first out, the
 * order of the layers, the part of a layer a sale takes and a merge decide every value.
 */
export function layeredStoreTraffic(runId: string, keys: string[], linesPerKey: number, random: () => number): LayeredTraffic {
  const costsOf = new Map(keys.map((key) => [key, Array.from({ length: 4 }, () => unevenCost(random))]));
  const opening = keys.flatMap((key) => {
    const [first, second] = costsOf.get(key)!;
    return [
      receipt(`${runId}:rcpt:${key}:a`, key, linesPerKey, first!, 0),
      receipt(`${runId}:rcpt:${key}:b`, key, Math.ceil(linesPerKey / 3), first!, 0),
      receipt(`${runId}:rcpt:${key}:c`, key, Math.ceil(linesPerKey / 2), second!, 0),
    ];
  });
  const movements: InventoryMovementV1[] = [...opening];
  for (let line = 1; line <= linesPerKey; line += 1) {
    for (const key of keys) {
      movements.push(tillLine(line % 7 === 0 ? 'return' : 'sale', `${runId}:pos:${key}:${line}`, key, 1 + (line % 3), line));
      if (line % 5 === 0) {
        const costs = costsOf.get(key)!;
        movements.push(receipt(`${runId}:rcpt:${key}:${line}`, key, 2 + Math.floor(random() * 5), costs[Math.floor(random() * costs.length)]!, line));
      }
    }
  }
  return { opening, movements };
}

/** A unit cost between 1.5000 and 4.4999, to the ten-thousandth. */
function unevenCost(random: () => number): string {
  return formatMoney(BigInt(15_000 + Math.floor(random() * 30_000)));
}

/** A small deterministic generator, so a scenario's shuffles and repeat counts replay exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
