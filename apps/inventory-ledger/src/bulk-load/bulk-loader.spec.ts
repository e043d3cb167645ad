// The bulk loader's order, refusals and failures, over a writer that records what it is handed.
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { PermanentMessageError } from '@ledgerline/messaging';
import type { AppliedBatch, IncomingMovement } from '../ledger/ledger-writer';
import { BulkLoader, laneOf, type BatchApplier, type RefusedLine } from './bulk-loader';

const sale = (id: string, sku: string, minute: number): InventoryMovementV1 => ({
  movementId: id,
  kind: 'sale',
  sku,
  locationId: 'S1',
  quantity: 1,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString(),
  source: { system: 'pos', storeId: 'S1', transactionId: id, lineNumber: 1 },
});
const line = (movement: InventoryMovementV1) => JSON.stringify(createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'erp', occurredAt: movement.occurredAt }));

/** Applies what it is handed, refuses the ids in `poison` (as a ledger rule would) and fails on `broken`. */
class RecordingWriter implements BatchApplier {
  readonly batches: string[][] = [];
  readonly applied = new Set<string>();
  constructor(
    private readonly poison: ReadonlySet<string> = new Set(),
    private readonly broken: ReadonlySet<string> = new Set(),
  ) {}

  async applyBatch(incoming: IncomingMovement[]): Promise<AppliedBatch> {
    await Promise.resolve();
    const ids = incoming.map(({ movement }) => movement.movementId);
    if (ids.some((id) => this.broken.has(id))) throw new Error('connection reset');
    if (ids.some((id) => this.poison.has(id))) throw new PermanentMessageError('LEDGER.INVALID_MOVEMENT', 'quantity is out of range');
    this.batches.push(ids);
    const fresh = ids.filter((id) => !this.applied.has(id));
    for (const id of fresh) this.applied.add(id);
    return { applied: fresh.length, duplicates: ids.length - fresh.length, outboxRows: 1 };
  }
}

describe('BulkLoader', () => {
  const movements = Array.from({ length: 40 }, (_, index) => sale(`m${index}`, `SKU-${index % 7}`, index));

  it('applies every key in input order, in batches of at most the batch size, across lanes', async () => {
    const writer = new RecordingWriter();
    const totals = await new BulkLoader(writer, { batchSize: 3, lanes: 2 }).load(movements.map(line));

    expect(totals).toEqual({ lines: 40, applied: 40, duplicates: 0, refused: 0 });
    expect(Math.max(...writer.batches.map((batch) => batch.length))).toBeLessThanOrEqual(3);
    const order = writer.batches.flat();
    for (let sku = 0; sku < 7; sku++) {
      const expected = movements.filter((movement) => movement.sku === `SKU-${sku}`).map((movement) => movement.movementId);
      expect(order.filter((id) => expected.includes(id))).toEqual(expected);
    }
    // Each batch holds one lane's keys only.
    for (const batch of writer.batches) expect(new Set(batch.map((id) => laneOf(`SKU-${Number(id.slice(1)) % 7}@S1`, 2))).size).toBe(1);
  });

  it('counts a second load of the same lines as duplicates', async () => {
    const writer = new RecordingWriter();
    await new BulkLoader(writer, { batchSize: 8, lanes: 3 }).load(movements.map(line));
    expect(await new BulkLoader(writer, { batchSize: 8, lanes: 3 }).load(movements.map(line))).toEqual({ lines: 40, applied: 0, duplicates: 40, refused: 0 });
  });

  it('refuses lines that break the contract and movements a ledger rule refuses, and loads the rest', async () => {
    const writer = new RecordingWriter(new Set(['m5', 'm17']));
    const refused: RefusedLine[] = [];
    const lines = [...movements.map(line), '{"not": "an envelope"}', 'not json', ''];
    const totals = await new BulkLoader(writer, { batchSize: 10, lanes: 2, onRefused: (refusal) => refused.push(refusal) }).load(lines);

    expect(totals).toEqual({ lines: 43, applied: 38, duplicates: 0, refused: 4 });
    expect(writer.applied.has('m5') || writer.applied.has('m17')).toBe(false);
    expect(refused.map(({ line: number, movementId, code }) => [number, movementId, code]).sort()).toEqual(
      [
        [6, 'm5', 'LEDGER.INVALID_MOVEMENT'],
        [18, 'm17', 'LEDGER.INVALID_MOVEMENT'],
        [41, undefined, 'CONTRACT.VALIDATION_FAILED'],
        [42, undefined, 'CONTRACT.MALFORMED_JSON'],
      ].sort(),
    );
  });

  it('stops at a failure that is not about a movement, and throws it', async () => {
    const writer = new RecordingWriter(new Set(), new Set(['m20']));
    await expect(new BulkLoader(writer, { batchSize: 4, lanes: 2 }).load(movements.map(line))).rejects.toThrow('connection reset');
    expect(writer.applied.has('m20')).toBe(false);
    expect(writer.applied.size).toBeLessThan(40);
  });

  it('refuses sizes that are not positive integers', () => {
    expect(() => new BulkLoader(new RecordingWriter(), { batchSize: 0, lanes: 1 })).toThrow(RangeError);
    expect(() => new BulkLoader(new RecordingWriter(), { batchSize: 10, lanes: 1.5 })).toThrow(RangeError);
  });
});
