import {
  TOPICS,
  anyEnvelopeSchema,
  causedBy,
  createEnvelope,
  derivedEventId,
  envelopeSchema,
  stockChangedV1Example,
  stockChangedV1Schema,
  type Envelope,
  type StockChangedV1,
} from '../index';
import { expectRejectedAt, expectValid, without } from '../test-support/contract-assertions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const schema = envelopeSchema('inventory.stock-changed', 1, stockChangedV1Schema);
const meta = { producer: 'inventory-ledger', occurredAt: stockChangedV1Example.occurredAt };

describe('createEnvelope', () => {
  it('starts a new chain with a random event id by default', () => {
    const first = createEnvelope(TOPICS.stockChanged, stockChangedV1Example, meta);
    const second = createEnvelope(TOPICS.stockChanged, stockChangedV1Example, meta);
    expect(first.eventId).toMatch(UUID);
    expect(second.eventId).not.toBe(first.eventId);
    expect(first).toMatchObject({ eventType: 'inventory.stock-changed', schemaVersion: 1, correlationId: first.eventId, causationId: null });
    expectValid(schema, first);
  });

  it('takes a deterministic id and continues the chain of its cause', () => {
    const cause = createEnvelope({ eventType: 'inventory.movement', version: 1 }, { any: 'payload' }, { ...meta, correlationId: 'pos:S001:T-1' });
    const eventId = derivedEventId('stock-changed', stockChangedV1Example.movementId);
    const derived: Envelope<StockChangedV1, 'inventory.stock-changed', 1> = createEnvelope(TOPICS.stockChanged, stockChangedV1Example, {
      ...meta,
      eventId,
      ...causedBy(cause),
    });
    expect(derived).toMatchObject({ eventId: 'stock-changed:pos:S001:S001-T03-000418:1', correlationId: 'pos:S001:T-1', causationId: cause.eventId });
    expect(createEnvelope(TOPICS.stockChanged, stockChangedV1Example, { ...meta, eventId })).toEqual({ ...derived, correlationId: eventId, causationId: null });
  });
});

describe('envelopeSchema', () => {
  const valid = createEnvelope(TOPICS.stockChanged, stockChangedV1Example, { ...meta, eventId: 'e-1' });

  it('pins event type and schema version', () => {
    expectRejectedAt(schema, { ...valid, eventType: 'inventory.alert' }, ['eventType']);
    const [error] = expectRejectedAt(schema, { ...valid, schemaVersion: 2 }, ['schemaVersion']);
    expect(error?.message).toBe('schemaVersion must be 1');
  });

  it('rejects unknown, missing and malformed envelope fields, and reports payload errors under payload', () => {
    expectRejectedAt(schema, { ...valid, partition: 3 }, ['partition']);
    expectRejectedAt(schema, without(valid, 'causationId'), ['causationId']);
    expectRejectedAt(schema, { ...valid, occurredAt: '2025-03-01' }, ['occurredAt']);
    expectRejectedAt(schema, { ...valid, producer: 'Inventory Ledger' }, ['producer']);
    expectRejectedAt(schema, { ...valid, payload: { ...valid.payload, onHand: 1.5 } }, ['payload.onHand']);
  });

  it('reads any envelope without looking into the payload', () => {
    expect(expectValid(anyEnvelopeSchema, { ...valid, eventType: 'something.else', schemaVersion: 7, payload: [1] }).schemaVersion).toBe(7);
  });
});
