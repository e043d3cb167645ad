import { TOPICS, isNewerStockLevel, type Envelope, type StockLevelV1 } from '@ledgerline/contracts';
import { RESERVATION_STOCK_LEVEL_RECORD, type ReservationStockLevelRecord } from '../persistence/availability-outbox-sql';
import { reservationOutboxExpansions, reservationStockLevel } from './reservation-outbox-expansions';

// As the outbox row holds it: jsonb of the statement, money as the column's text.
const record: ReservationStockLevelRecord = {
  sequence: 42,
  sku: 'LAMP-E27',
  locationId: 'W1',
  onHand: 8,
  inTransit: 2,
  onOrder: 5,
  inventoryValue: '24.0000',
  averageUnitCost: '3.0000',
  balanceVersion: 2,
  reserved: 3,
  lastMovementId: 'pos:W1:T-1:1',
  recordedAt: '2026-12-02T09:05:00.123456+00:00',
};

describe('reservationStockLevel', () => {
  it('states the balance as the reservation change left it, keyed like the stock topics', () => {
    const outgoing = reservationStockLevel(record);
    const envelope = outgoing.value as Envelope<StockLevelV1>;
    expect(outgoing).toMatchObject({ topic: TOPICS.stockLevels.name, key: 'LAMP-E27@W1', headers: { 'x-event-id': 'stock-level:LAMP-E27@W1:2:reservation-event:42' } });
    expect(envelope.eventId).toBe('stock-level:LAMP-E27@W1:2:reservation-event:42');
    expect(envelope.payload).toEqual({
      sku: 'LAMP-E27',
      locationId: 'W1',
      onHand: 8,
      inTransit: 2,
      onOrder: 5,
      inventoryValue: '24.0000',
      averageUnitCost: '3.0000',
      balanceVersion: 2,
      reserved: 3,
      available: 5,
      reservationSequence: 42,
      lastMovementId: 'pos:W1:T-1:1',
      updatedAt: '2026-12-02T09:05:00.123Z',
    });
    expect(TOPICS.stockLevels.payloadSchema.safeParse(envelope.payload).success).toBe(true);
  });

  it('is newer than the record of the movement of its version and older than the next movement', () => {
    const { payload } = reservationStockLevel(record).value as Envelope<StockLevelV1>;
    expect(isNewerStockLevel(payload, { balanceVersion: 2 })).toBe(true);
    expect(isNewerStockLevel({ balanceVersion: 3 }, payload)).toBe(true);
  });

  it('writes money exactly, whatever digits the column gives', () => {
    const { payload } = reservationStockLevel({ ...record, inventoryValue: '123456789012.3456', averageUnitCost: '0.1' }).value as Envelope<StockLevelV1>;
    expect([payload.inventoryValue, payload.averageUnitCost]).toEqual(['123456789012.3456', '0.1000']);
  });

  it('stops the relay on a row the contract refuses rather than sending it', () => {
    expect(() => reservationStockLevel({ ...record, lastMovementId: null })).toThrow();
  });

  it('is expanded by the relay one record per row', async () => {
    const expansion = reservationOutboxExpansions()[RESERVATION_STOCK_LEVEL_RECORD]!;
    const built = await expansion.expand([record, { ...record, sequence: 43, reserved: 0 }]);
    expect(built.map((records) => records.map((outgoing) => (outgoing.value as Envelope<StockLevelV1>).payload.available))).toEqual([[5], [8]]);
  });
});
