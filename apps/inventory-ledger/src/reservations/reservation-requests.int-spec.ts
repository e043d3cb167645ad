// Reservations requested over Kafka, on the real broker and database: an order system publishes
// requests on inventory.reservation-requests.v1 and reads one reply per request, under its id, on
// inventory.reservation-replies.v1. The same request sent again answers the same grants; a
// request for more than can be promised is refused with the figure; a release is answered with
// the reservation after it; a fulfil delivered twice takes its units once; a reserve across
// locations takes from the locations in priority order, once however often it comes; a record
// that is no request goes to the dead-letter topic, and the requests after it are still answered.
import { Client } from 'pg';
import { TOPICS, createEnvelope, recordKey, type Envelope, type InventoryMovementV1, type ReservationReplyV1, type ReservationRequestV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient } from '@ledgerline/messaging';
import { readTopicUntil, testKafkaBrokers, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';

jest.setTimeout(120_000);

const SKU = 'KETTLE-1L';
const LOC = 'W7';

describe('reservation requests and replies on Kafka (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let db: Client;
  let orders: EventProducer;

  beforeAll(async () => {
    ledger = await startRunningLedger('reservation-requests');
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
    orders = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${ledger.topic('orders')}` }));
    await orders.connect();
  });

  afterAll(async () => {
    await orders?.disconnect();
    await db?.end();
    await ledger?.close();
  });

  const request = (payload: ReservationRequestV1, eventId: string) => {
    const envelope = createEnvelope(TOPICS.reservationRequests, payload, { producer: 'oms', occurredAt: new Date().toISOString(), eventId });
    return { topic: ledger.topic(TOPICS.reservationRequests.name), key: recordKey(TOPICS.reservationRequests, envelope), value: envelope };
  };

  async function repliesUntil(count: number): Promise<Array<{ key: string | null; reply: Envelope<ReservationReplyV1> }>> {
    const read = await readTopicUntil(ledger.topic(TOPICS.reservationReplies.name), (messages) => messages.length >= count, { timeoutMs: 60_000 });
    return read.map((message) => ({ key: message.key, reply: JSON.parse(message.value!) as Envelope<ReservationReplyV1> }));
  }

  it('answers each request under its id: grants, the same grants again, a refusal with the figure, a release, a fulfil delivered twice taken once, and a record that is no request set aside', async () => {
    const receipt: InventoryMovementV1 = {
      movementId: 'erp:GRN-K1', kind: 'receipt', sku: SKU, locationId: LOC, quantity: 5, unitCost: '9.0000', occurredAt: '2026-12-01T08:00:00.000Z',
      source: { system: 'erp', documentId: 'GRN-K1' },
    };
    await ledger.publish([receipt]);
    await waitFor(async () => (await db.query(`SELECT 1 FROM inventory_ledger.stock_balance WHERE sku = $1 AND location_id = $2 AND on_hand = 5`, [SKU, LOC])).rowCount === 1, {
      description: 'the receipt applied',
      timeoutMs: 60_000,
    });

    const reserve: ReservationRequestV1 = { action: 'reserve', requestId: 'order-77', channel: 'web', lines: [{ sku: SKU, locationId: LOC, quantity: 3 }] };
    await orders.send([request(reserve, 'req-1'), request(reserve, 'req-1-again')]);
    await orders.send([{ topic: ledger.topic(TOPICS.reservationRequests.name), key: 'order-78', value: '{"action":"reserve","requestId":' }]);
    await orders.send([request({ action: 'reserve', requestId: 'order-79', lines: [{ sku: SKU, locationId: LOC, quantity: 4 }] }, 'req-2')]);

    // Replies to requests of different keys may sit on different partitions: found by their event ids.
    const first = await repliesUntil(3);
    const answerTo = (requestEventId: string) => first.find(({ reply }) => reply.eventId === `reservation-reply:${requestEventId}`)!;
    const [granted, again, refused] = ['req-1', 'req-1-again', 'req-2'].map((eventId) => answerTo(eventId).reply);
    expect(['req-1', 'req-1-again', 'req-2'].map((eventId) => answerTo(eventId).key)).toEqual(['order-77', 'order-77', 'order-79']);
    expect(granted!.payload).toMatchObject({ requestId: 'order-77', action: 'reserve', outcome: 'done', lines: [{ status: 'granted', quantity: 3, reservation: { status: 'open', openQuantity: 3, channel: 'web' } }] });
    expect(granted!.eventId).toBe('reservation-reply:req-1');
    expect(granted!.causationId).toBe('req-1');
    // The same request again: the same reservation, not a second one.
    expect(again!.payload.lines).toEqual(granted!.payload.lines);
    expect(refused!.payload).toMatchObject({ outcome: 'refused', refusal: { code: 'RESERVATION.INSUFFICIENT_AVAILABLE', available: 2 } });
    const reservationId = (granted!.payload.lines![0] as { reservation: { reservationId: string } }).reservation.reservationId;
    expect((await db.query(`SELECT reserved::int FROM inventory_ledger.stock_balance WHERE sku = $1 AND location_id = $2`, [SKU, LOC])).rows).toEqual([{ reserved: 3 }]);

    await orders.send([request({ action: 'release', requestId: 'order-77:cancel', reservationId }, 'req-3')]);
    const released = (await repliesUntil(4)).find(({ reply }) => reply.eventId === 'reservation-reply:req-3')!.reply.payload;
    expect(released).toMatchObject({ requestId: 'order-77:cancel', action: 'release', outcome: 'done', reservation: { reservationId, status: 'released', openQuantity: 0 } });
    expect((await db.query(`SELECT reserved::int FROM inventory_ledger.stock_balance WHERE sku = $1 AND location_id = $2`, [SKU, LOC])).rows).toEqual([{ reserved: 0 }]);

    // A partial fulfil delivered twice (a redelivery after a crash): its unit is taken once, and
    // both deliveries are answered alike; the same request id with another body is a conflict.
    await orders.send([request({ action: 'reserve', requestId: 'order-80', lines: [{ sku: SKU, locationId: LOC, quantity: 2 }] }, 'req-4')]);
    const held = (await repliesUntil(5)).find(({ reply }) => reply.eventId === 'reservation-reply:req-4')!.reply.payload;
    const heldId = (held.lines![0] as { reservation: { reservationId: string } }).reservation.reservationId;
    const ship = { action: 'fulfil', requestId: 'order-80:ship-1', reservationId: heldId, quantity: 1 } as const;
    await orders.send([request(ship, 'req-5'), request(ship, 'req-5-again'), request({ ...ship, quantity: 2 }, 'req-6')]);
    const shipped = await repliesUntil(8);
    const [once, twice, conflict] = ['req-5', 'req-5-again', 'req-6'].map((eventId) => shipped.find(({ reply }) => reply.eventId === `reservation-reply:${eventId}`)!.reply.payload);
    expect(once).toMatchObject({ outcome: 'done', reservation: { reservationId: heldId, fulfilledQuantity: 1, openQuantity: 1, status: 'open' } });
    expect(twice!.reservation).toEqual(once!.reservation);
    expect(conflict).toMatchObject({ outcome: 'refused', refusal: { code: 'RESERVATION.IDEMPOTENCY_CONFLICT', field: 'requestId' } });
    expect((await db.query(`SELECT fulfilled_quantity::int FROM inventory_ledger.reservation WHERE reservation_id = $1`, [heldId])).rows).toEqual([{ fulfilled_quantity: 1 }]);
    expect((await db.query(`SELECT reserved::int FROM inventory_ledger.stock_balance WHERE sku = $1 AND location_id = $2`, [SKU, LOC])).rows).toEqual([{ reserved: 1 }]);

    // Across locations: 5 units from W7 (4 still to promise: 5 on hand, 1 held) then W8 (6), in that priority.
    await ledger.publish([{ ...receipt, movementId: 'erp:GRN-K2', locationId: 'W8', quantity: 6, source: { system: 'erp', documentId: 'GRN-K2' } }]);
    await waitFor(async () => (await db.query(`SELECT 1 FROM inventory_ledger.stock_balance WHERE sku = $1 AND location_id = 'W8' AND on_hand = 6`, [SKU])).rowCount === 1, {
      description: 'the second receipt applied',
      timeoutMs: 60_000,
    });
    const across: ReservationRequestV1 = { action: 'reserve-across-locations', requestId: 'order-81', sku: SKU, quantity: 5, locations: [LOC, 'W8'], rule: 'priority' };
    await orders.send([request(across, 'req-7'), request(across, 'req-7-again')]);
    const allocated = await repliesUntil(10);
    const [taken, takenAgain] = ['req-7', 'req-7-again'].map((eventId) => allocated.find(({ reply }) => reply.eventId === `reservation-reply:${eventId}`)!.reply.payload);
    expect(taken).toMatchObject({ action: 'reserve-across-locations', outcome: 'done', allocation: { sku: SKU, quantity: 5, granted: 5, rule: 'priority' } });
    expect(taken!.allocation!.reservations.map((reservation) => [reservation.locationId, reservation.quantity])).toEqual([
      [LOC, 4],
      ['W8', 1],
    ]);
    expect(takenAgain!.allocation).toEqual(taken!.allocation);
    expect((await db.query(`SELECT location_id, reserved::int FROM inventory_ledger.stock_balance WHERE sku = $1 ORDER BY 1`, [SKU])).rows).toEqual([
      { location_id: LOC, reserved: 5 },
      { location_id: 'W8', reserved: 1 },
    ]);

    // The truncated record: set aside with the reason, not answered and not retried for ever.
    const letters = await readTopicUntil(ledger.topic(TOPICS.inventoryMovementsDeadLetter.name), (messages) => messages.length >= 1, { timeoutMs: 30_000 });
    expect(letters.map((letter) => JSON.parse(letter.value!).payload)).toEqual([expect.objectContaining({ originalTopic: ledger.topic(TOPICS.reservationRequests.name), originalKey: 'order-78' })]);
  });
});
