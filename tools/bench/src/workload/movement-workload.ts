// Movements for the ledger scenario, as pos-ingestion and the ERP would publish them: first the
// opening receipts of the stocked keys, then a stream of POS sales (with a few returns) over
// those keys, skewed towards fast movers, with replenishment receipts among them.
import { TOPICS, createEnvelope, encodeEvent, type EncodedRecord, type InventoryMovementV1 } from '@ledgerline/contracts';
import { posMovementId } from '@ledgerline/pos-domain';
import { seededRandom } from './seeded-random';
import type { StockKey, StockUniverse } from './stock-universe';

const RECEIPT_SHARE = 0.05;
const RETURN_SHARE = 0.02;
const OPENING_SHARE = 0.1;
const LINES_PER_TICKET = 4;
const BASE_TIME = Date.parse('2025-03-01T08:00:00Z');

/** How many distinct keys get opening stock for a workload of `count` movements. */
export function openingKeyCount(universe: StockUniverse, count: number): number {
  return Math.max(1, Math.min(universe.keyCount, Math.ceil(count * OPENING_SHARE)));
}

export function receiptMovement(key: StockKey, documentId: string, line: number, occurredAt: number, quantity: number): InventoryMovementV1 {
  return {
    movementId: `erp:${documentId}:${line}`,
    kind: 'receipt',
    sku: key.sku,
    locationId: key.locationId,
    quantity,
    occurredAt: new Date(occurredAt).toISOString(),
    source: { system: 'erp', documentId },
    unitCost: `${(1 + ((line * 7) % 40) / 4).toFixed(2)}`,
    currency: 'EUR',
  };
}

export function encodeMovement(movement: InventoryMovementV1, producer: string): EncodedRecord {
  return encodeEvent(TOPICS.inventoryMovements, createEnvelope(TOPICS.inventoryMovements, movement, { producer, occurredAt: movement.occurredAt }));
}

/** Opening receipts for the first `openKeys` keys, one movement each. */
export function* openingReceipts(universe: StockUniverse, openKeys: number, runId: string, occurredAt = BASE_TIME): Generator<EncodedRecord> {
  for (let index = 0; index < openKeys; index++) {
    yield encodeMovement(receiptMovement(universe.key(index), `DN-${runId}-OPEN`, index + 1, occurredAt, 500), 'erp');
  }
}

/** When a workload's movements happened: the first at `startMs`, each next one `stepMs` later. */
export interface WorkloadTimeline {
  startMs: number;
  stepMs: number;
}

/** `count` movements in all: the opening receipts, then sales, returns and replenishments. */
export function* ledgerWorkload(
  universe: StockUniverse,
  count: number,
  runId: string,
  { seed = 42, timeline = { startMs: BASE_TIME, stepMs: 10 } }: { seed?: number; timeline?: WorkloadTimeline } = {},
): Generator<EncodedRecord> {
  const openKeys = openingKeyCount(universe, count);
  yield* openingReceipts(universe, openKeys, runId, timeline.startMs);
  const random = seededRandom(seed);
  for (let produced = openKeys; produced < count; produced++) {
    const occurredAt = timeline.startMs + produced * timeline.stepMs;
    const key = universe.popularKey(random, openKeys);
    const draw = random();
    if (draw < RECEIPT_SHARE) {
      yield encodeMovement(receiptMovement(key, `DN-${runId}-${produced}`, 1, occurredAt, 48), 'erp');
      continue;
    }
    const line = (produced % LINES_PER_TICKET) + 1;
    const ticket = Math.floor(produced / LINES_PER_TICKET);
    const storeId = key.locationId;
    const transactionId = `${storeId}-T01-${runId}-${ticket}`;
    const kind = draw < RECEIPT_SHARE + RETURN_SHARE ? 'return' : 'sale';
    yield encodeMovement(
      {
        movementId: posMovementId(storeId, transactionId, line),
        kind,
        sku: key.sku,
        locationId: key.locationId,
        quantity: 1 + Math.floor(random() * 3),
        occurredAt: new Date(occurredAt).toISOString(),
        source: { system: 'pos', storeId, terminalId: 'T01', transactionId, lineNumber: line },
        unitPrice: '4.99',
        currency: 'EUR',
      },
      'pos-ingestion',
    );
  }
}
