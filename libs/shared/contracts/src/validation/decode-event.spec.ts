import {
  TOPICS,
  createEnvelope,
  decodeEvent,
  encodeEvent,
  inventoryMovementV1Examples,
  posTransactionV1Examples,
  recordKey,
  type InventoryMovementV1,
} from '../index';

const movement: InventoryMovementV1 = inventoryMovementV1Examples.sale;
const envelope = createEnvelope(TOPICS.inventoryMovements, movement, {
  producer: 'pos-ingestion',
  occurredAt: movement.occurredAt,
  eventId: 'movement:pos:S001:S001-T03-000418:1',
});

describe('decodeEvent', () => {
  it('decodes an enveloped event from a Buffer or a string, typed by topic', () => {
    for (const raw of [Buffer.from(JSON.stringify(envelope)), JSON.stringify(envelope)]) {
      const result = decodeEvent('inventory.movements.v1', raw);
      expect(result).toEqual({ ok: true, value: envelope });
      if (result.ok) expect(result.value.payload.kind).toBe('sale');
    }
  });

  it('decodes a raw POS transaction, which has no envelope', () => {
    const result = decodeEvent(TOPICS.posTransactionsRaw, JSON.stringify(posTransactionV1Examples.sale));
    expect(result.ok && result.value.storeId).toBe('S001');
  });

  it.each([
    ['an empty value', null, 'CONTRACT.EMPTY_VALUE'],
    ['an empty buffer', Buffer.alloc(0), 'CONTRACT.EMPTY_VALUE'],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'CONTRACT.INVALID_ENCODING'],
    ['truncated JSON', '{"eventId":', 'CONTRACT.MALFORMED_JSON'],
    ['plain text', 'hello', 'CONTRACT.MALFORMED_JSON'],
  ])('reports %s without throwing', (_case, raw, reasonCode) => {
    const result = decodeEvent('inventory.movements.v1', raw);
    expect(result).toMatchObject({ ok: false, reasonCode, errors: [] });
    expect(result.ok ? '' : result.reason).toContain('inventory.movements.v1');
  });

  it('reports contract violations with field paths', () => {
    const wrong = { ...envelope, payload: { ...movement, quantity: 0 } };
    expect(decodeEvent('inventory.movements.v1', JSON.stringify(wrong))).toEqual({
      ok: false,
      reasonCode: 'CONTRACT.VALIDATION_FAILED',
      reason: 'The record on inventory.movements.v1 does not match inventory.movement v1',
      errors: [{ path: 'payload.quantity', message: 'payload.quantity must be at least 1' }],
    });
  });

  it('rejects an event of another topic and a bare payload on an enveloped topic', () => {
    const onWrongTopic = decodeEvent('inventory.stock-changed.v1', JSON.stringify(envelope));
    expect(onWrongTopic.ok ? [] : onWrongTopic.errors.map((error) => error.path)).toContain('eventType');
    expect(decodeEvent('inventory.movements.v1', JSON.stringify(movement)).ok).toBe(false);
  });

  it('rejects a __proto__ key smuggled in JSON', () => {
    const raw = JSON.stringify(envelope).replace('{"eventId"', '{"__proto__":{"admin":true},"eventId"');
    const result = decodeEvent('inventory.movements.v1', raw);
    expect(result.ok ? [] : result.errors).toEqual([{ path: '__proto__', message: '__proto__ is not an allowed field' }]);
  });
});

describe('encodeEvent', () => {
  it('keys records from the topic definition and round-trips through decodeEvent', () => {
    const record = encodeEvent(TOPICS.inventoryMovements, envelope);
    expect(record.key).toBe('COFFEE-1KG@S001');
    expect(decodeEvent(TOPICS.inventoryMovements, record.value)).toEqual({ ok: true, value: envelope });
    expect(recordKey(TOPICS.posTransactionsRaw, posTransactionV1Examples.sale)).toBe('S001');
  });
});
