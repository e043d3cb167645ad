import fc from 'fast-check';
import { TOPICS, createEnvelope, decodeEvent } from '@ledgerline/contracts';
import { jsonTextOf } from '@ledgerline/messaging';
import { formatMoney } from '@ledgerline/money';
import { appliedBatchEvents, appliedBatchRow, toRanges, transferOf, type RecordedMovement } from './ledger-events';

function recorded(movementId: string, sku: string, locationId: string, version: number, onHand: number): RecordedMovement {
  return {
    movementSeq: version,
    movementId,
    kind: 'sale',
    sku,
    locationId,
    quantityDelta: -1,
    costOfGoodsSold: 25_000n,
    balanceAfter: { onHand, inTransit: 0, onOrder: 4, inventoryValue: BigInt(onHand) * 25_000n, averageUnitCost: 25_000n, version },
    occurredAt: new Date(Date.UTC(2026, 10, 24, 9, 30)).toISOString(),
    appliedAt: '2026-11-24T09:30:01.250Z',
    cause: { eventId: `event-${movementId}`, correlationId: 'basket-1' },
    reserved: undefined,
    transfer: undefined,
  };
}

describe('toRanges', () => {
  it('folds consecutive movement numbers into inclusive ranges', () => {
    expect(toRanges([1, 2, 3, 7, 8, 10])).toEqual([
      [1, 3],
      [7, 8],
      [10, 10],
    ]);
    expect(toRanges([])).toEqual([]);
  });
});

describe('appliedBatchRow', () => {
  it('names the batch by its first movement number and records the ranges and when they were recorded', () => {
    expect(appliedBatchRow([41, 42, 44], '2026-12-07T10:00:00.000Z')).toEqual({
      eventId: 'applied-batch:41',
      topic: 'ledger.applied-batch',
      key: '',
      payload: { movementSeqRanges: [[41, 42], [44, 44]], recordedAt: '2026-12-07T10:00:00.000Z' },
      movementId: null,
    });
  });
});

describe('appliedBatchEvents', () => {
  const batch = [recorded('m1', 'TEA', 'S1', 7, 9), recorded('m2', 'COFFEE', 'S1', 3, 2), recorded('m3', 'TEA', 'S1', 8, 8)];

  it('emits one stock-changed event per movement in recorded order, then the last balance of each key', () => {
    const events = appliedBatchEvents(batch);
    expect(events.map((event) => `${event.topic} ${event.eventId}`)).toEqual([
      'inventory.stock-changed.v1 stock-changed:m1',
      'inventory.stock-changed.v1 stock-changed:m2',
      'inventory.stock-changed.v1 stock-changed:m3',
      'inventory.stock-levels.v1 stock-level:TEA@S1:8',
      'inventory.stock-levels.v1 stock-level:COFFEE@S1:3',
    ]);
  });

  it('states the balance after the movement, its cause and the apply time', () => {
    const [changed, , , level] = appliedBatchEvents(batch).map((event) => ({ ...event, payload: JSON.parse(jsonTextOf(event.payload)) as unknown }));
    expect(changed).toMatchObject({
      key: 'TEA@S1',
      movementId: 'm1',
      payload: {
        eventId: 'stock-changed:m1',
        correlationId: 'basket-1',
        causationId: 'event-m1',
        occurredAt: '2026-11-24T09:30:00.000Z',
        payload: {
          movementId: 'm1',
          quantityDelta: -1,
          onHand: 9,
          onOrder: 4,
          inventoryValue: '22.5000',
          averageUnitCost: '2.5000',
          balanceVersion: 7,
          costOfGoodsSold: '2.5000',
          appliedAt: '2026-11-24T09:30:01.250Z',
        },
      },
    });
    expect(level).toMatchObject({
      key: 'TEA@S1',
      payload: { payload: { onHand: 8, balanceVersion: 8, lastMovementId: 'm3', updatedAt: '2026-11-24T09:30:01.250Z' } },
    });
  });

  it('names the transfer and its source on a transfer movement only, from the movement as received', () => {
    const shipped = { ...recorded('TR-1:out:shipped', 'TEA', 'S2', 1, 0), kind: 'transfer-shipped', transfer: transferOf('transfer-shipped', { transferId: 'TR-1', fromLocationId: 'W1' }) };
    const out = { ...recorded('TR-1:out', 'TEA', 'W1', 9, 3), kind: 'transfer-out', transfer: transferOf('transfer-out', { transferId: 'TR-1', toLocationId: 'S2' }) };
    const [shippedEvent, outEvent, saleEvent] = appliedBatchEvents([shipped, out, batch[0]!]).map((event) => JSON.parse(jsonTextOf(event.payload)) as { payload: Record<string, unknown> });
    expect(shippedEvent!.payload).toMatchObject({ kind: 'transfer-shipped', locationId: 'S2', transferId: 'TR-1', fromLocationId: 'W1' });
    expect(outEvent!.payload).toMatchObject({ kind: 'transfer-out', transferId: 'TR-1' });
    expect(outEvent!.payload).not.toHaveProperty('fromLocationId');
    expect(saleEvent!.payload).not.toHaveProperty('transferId');
    expect(transferOf('sale', { transferId: 'not read' })).toBeUndefined();
  });

  it('builds the same events every time, so a re-publish is de-duplicated by eventId', () => {
    expect(JSON.stringify(appliedBatchEvents(batch))).toBe(JSON.stringify(appliedBatchEvents(batch)));
  });

  it('writes each event as exactly the JSON of its envelope, valid for its contract', () => {
    // Ids and keys are printable ASCII on the wire, quotes and backslashes included; the cause
    // comes from upstream envelopes. Money spans negative values and many digits.
    const identifier = fc.stringMatching(/^[!-~](?:[ -~]{0,20}[!-~])?$/);
    const sku = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9._\-/#+: ]{0,20}[A-Za-z0-9._\-/#+:])?$/);
    const money = fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n });
    const quantity = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });
    const movement = fc.record({
      movementSeq: fc.integer({ min: 1, max: 2 ** 40 }),
      movementId: identifier,
      kind: fc.constantFrom(...(['sale', 'return', 'receipt', 'count', 'transfer-shipped'] as const)),
      sku,
      locationId: identifier,
      quantityDelta: quantity,
      costOfGoodsSold: money,
      balanceAfter: fc.record({
        onHand: quantity,
        inTransit: quantity,
        onOrder: quantity,
        inventoryValue: money,
        averageUnitCost: fc.bigInt({ min: 0n, max: 10n ** 17n }),
        version: fc.integer({ min: 1, max: 2 ** 40 }),
      }),
      occurredAt: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((at) => new Date(at).toISOString()),
      appliedAt: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((at) => new Date(at).toISOString()),
      cause: fc.option(fc.record({ eventId: identifier, correlationId: identifier }), { nil: undefined }),
      reserved: fc.option(fc.integer({ min: 0, max: 1_000_000_000 }), { nil: undefined }),
      transfer: fc.option(fc.record({ transferId: identifier, fromLocationId: fc.option(identifier, { nil: undefined }) }), { nil: undefined }),
    });
    fc.assert(
      fc.property(movement, (recorded) => {
        const [changed, level] = appliedBatchEvents([recorded]);
        expect(jsonTextOf(changed!.payload)).toBe(JSON.stringify(expectedStockChanged(recorded)));
        expect(jsonTextOf(level!.payload)).toBe(JSON.stringify(expectedStockLevel(recorded)));
        expect(decodeEvent(TOPICS.stockChanged, jsonTextOf(changed!.payload))).toMatchObject({ ok: true });
        expect(decodeEvent(TOPICS.stockLevels, jsonTextOf(level!.payload))).toMatchObject({ ok: true });
      }),
      { numRuns: 500 },
    );
  });
});

/** The envelopes as objects, the way a reader of the contracts would build them. */
function balanceOf(recorded: RecordedMovement) {
  const balance = recorded.balanceAfter;
  return {
    onHand: balance.onHand,
    inTransit: balance.inTransit,
    onOrder: balance.onOrder,
    inventoryValue: formatMoney(balance.inventoryValue),
    averageUnitCost: formatMoney(balance.averageUnitCost),
    balanceVersion: balance.version,
    ...(recorded.reserved === undefined ? {} : { reserved: recorded.reserved, available: balance.onHand - recorded.reserved }),
  };
}

function expectedStockChanged(recorded: RecordedMovement) {
  const occurredAt = recorded.occurredAt;
  const eventId = `stock-changed:${recorded.movementId}`;
  const payload = {
    movementId: recorded.movementId,
    kind: recorded.kind,
    sku: recorded.sku,
    locationId: recorded.locationId,
    quantityDelta: recorded.quantityDelta,
    ...balanceOf(recorded),
    costOfGoodsSold: formatMoney(recorded.costOfGoodsSold),
    occurredAt,
    appliedAt: recorded.appliedAt,
    ...(recorded.transfer === undefined ? {} : { transferId: recorded.transfer.transferId }),
    ...(recorded.transfer?.fromLocationId === undefined ? {} : { fromLocationId: recorded.transfer.fromLocationId }),
  };
  const chain = recorded.cause ? { correlationId: recorded.cause.correlationId, causationId: recorded.cause.eventId } : {};
  return createEnvelope(TOPICS.stockChanged, payload, { producer: 'inventory-ledger', occurredAt, eventId, ...chain });
}

function expectedStockLevel(recorded: RecordedMovement) {
  const eventId = `stock-level:${recorded.sku}@${recorded.locationId}:${recorded.balanceAfter.version}`;
  const payload = { sku: recorded.sku, locationId: recorded.locationId, ...balanceOf(recorded), lastMovementId: recorded.movementId, updatedAt: recorded.appliedAt };
  return createEnvelope(TOPICS.stockLevels, payload, { producer: 'inventory-ledger', occurredAt: recorded.appliedAt, eventId });
}
