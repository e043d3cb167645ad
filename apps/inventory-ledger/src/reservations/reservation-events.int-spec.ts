// Reservation events and availability alerts as a subscriber reads them, on the real broker and
// database: one key taken through grant, extension, release, fulfilment, a sale consuming a
// reservation, expiry, a sale that empties availability and a receipt that restores it. Every
// reservation event arrives once, in order, with the figures after it; every availability
// crossing raises one alert, whichever of a reservation or a movement made it, and a batch of
// movements raises them movement by movement.
import { Client } from 'pg';
import { TOPICS, type AlertV1, type Envelope, type InventoryMovementV1, type ReservationEventV1, type StockChangedV1 } from '@ledgerline/contracts';
import { movementAvailabilityAlertViolations, publishedReservationViolations, reservationViolations } from '@ledgerline/history-checker';
import { AVAILABILITY_WITHOUT_BALANCE, availabilityCrossing } from '@ledgerline/inventory-domain';
import { issueCredential, readTopicUntil, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';

jest.setTimeout(120_000);

const SKU = 'LAMP-E27';
const LOC = 'W1';
const KEY = `${SKU}@${LOC}`;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 9, minute)).toISOString();

describe('reservation events and availability alerts on Kafka (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let db: Client;
  let headers: Record<string, string>;

  beforeAll(async () => {
    ledger = await startRunningLedger('reservation-events', { RESERVATION_EXPIRY_CHECK_MS: '200' });
    headers = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['reservation:write'])}`, 'content-type': 'application/json' };
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await ledger?.close();
  });

  async function balance(sku = SKU): Promise<{ on_hand: number; reserved: number }> {
    const { rows } = await db.query(`SELECT on_hand::int, reserved::int FROM inventory_ledger.stock_balance WHERE sku = $1 AND location_id = $2`, [sku, LOC]);
    return rows[0] ?? { on_hand: 0, reserved: 0 };
  }

  async function post(path: string, body: unknown, idempotencyKey?: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${ledger.url}${path}`, {
      method: 'POST',
      headers: idempotencyKey === undefined ? headers : { ...headers, 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  }

  async function reserve(quantity: number, idempotencyKey: string, expiresAt?: string, sku = SKU): Promise<string> {
    const answer = (await post('/v1/reservations', { lines: [{ sku, locationId: LOC, quantity }], ...(expiresAt ? { expiresAt } : {}) }, idempotencyKey)) as {
      lines: Array<{ reservation: { reservationId: string } }>;
    };
    return answer.lines[0]!.reservation.reservationId;
  }

  async function applied(movements: InventoryMovementV1 | InventoryMovementV1[], onHand: number): Promise<void> {
    const published = Array.isArray(movements) ? movements : [movements];
    await ledger.publish(published);
    await waitFor(async () => (await balance(published[0]!.sku)).on_hand === onHand, { description: `${published[0]!.movementId} applied`, timeoutMs: 60_000 });
  }

  const receipt = (id: string, quantity: number, sku = SKU): InventoryMovementV1 => ({
    movementId: `erp:${id}`, kind: 'receipt', sku, locationId: LOC, quantity, unitCost: '3.0000', occurredAt: at(0), source: { system: 'erp', documentId: id },
  });
  const sale = (id: string, quantity: number, reservationId?: string, sku = SKU): InventoryMovementV1 => ({
    movementId: `pos:${LOC}:${id}:1`, kind: 'sale', sku, locationId: LOC, quantity, occurredAt: at(5),
    source: { system: 'pos', storeId: LOC, terminalId: 'T1', transactionId: id, lineNumber: 1 },
    ...(reservationId === undefined ? {} : { reservationId }),
  });

  it('publishes every change once and in order with its figures, and one alert per availability crossing', async () => {
    await applied(receipt('GRN-1', 5), 5);
    const first = await reserve(3, 'order-1');
    const second = await reserve(2, 'order-2'); // availability 0
    await post(`/v1/reservations/${first}/extend`, { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await post(`/v1/reservations/${second}/release`, {}); // back to 2
    await post(`/v1/reservations/${first}/fulfil`, { quantity: 1 });
    await applied(sale('T-1', 2, first), 3); // takes the 2 the first still holds
    // Held until shortly after it is granted: the background expiry gives it back.
    const third = await reserve(3, 'order-3', new Date(Date.now() + 5_000).toISOString()); // availability 0
    await waitFor(async () => (await balance()).reserved === 0, { description: 'the third reservation expired', timeoutMs: 60_000 });
    await applied(sale('T-2', 3), 0); // a sale empties availability
    await applied(receipt('GRN-2', 4), 4); // a receipt restores it

    const expected = [
      { kind: 'granted', reservationId: first, quantity: 3, reservedAfter: 3, onHandAfter: 5 },
      { kind: 'granted', reservationId: second, quantity: 2, reservedAfter: 5, onHandAfter: 5 },
      { kind: 'extended', reservationId: first, quantity: 0, reservedAfter: 5, onHandAfter: 5 },
      { kind: 'released', reservationId: second, quantity: 2, reservedAfter: 3, onHandAfter: 5 },
      { kind: 'fulfilled', reservationId: first, quantity: 1, reservedAfter: 2, onHandAfter: 5 },
      { kind: 'consumed', reservationId: first, quantity: 2, reservedAfter: 0, onHandAfter: 3, movementId: `pos:${LOC}:T-1:1` },
      { kind: 'granted', reservationId: third, quantity: 3, reservedAfter: 3, onHandAfter: 3 },
      { kind: 'expired', reservationId: third, quantity: 3, reservedAfter: 0, onHandAfter: 3 },
    ];
    const eventMessages = await readTopicUntil(ledger.topic(TOPICS.reservations.name), (messages) => messages.length >= expected.length, { timeoutMs: 60_000 });
    const events = eventMessages.map((message) => JSON.parse(message.value!) as Envelope<ReservationEventV1>);
    for (const message of eventMessages) expect(message.key).toBe(KEY);
    expect(events.map(({ payload: { kind, reservationId, quantity, reservedAfter, onHandAfter, movementId } }) => ({ kind, reservationId, quantity, reservedAfter, onHandAfter, ...(movementId ? { movementId } : {}) }))).toEqual(expected);
    for (const event of events) expect(TOPICS.reservations.payloadSchema.safeParse(event.payload).success).toBe(true);

    // The crossings the published figures make, reservations and movements in the order they committed.
    const availability = [AVAILABILITY_WITHOUT_BALANCE, 5, 2, 0, 0, 2, 3, 3, 0, 3, 0, 4];
    const crossings = availability.slice(1).flatMap((after, i) => availabilityCrossing(availability[i]!, after) ?? []);
    expect(crossings).toEqual(['available-zero', 'back-in-stock', 'available-zero', 'back-in-stock', 'available-zero', 'back-in-stock']);
    const isAvailabilityAlert = (alert: Envelope<AlertV1>) => alert.payload.type === 'available-zero' || alert.payload.type === 'back-in-stock';
    const alertMessages = await readTopicUntil(
      ledger.topic(TOPICS.alerts.name),
      (messages) => messages.map((message) => JSON.parse(message.value!) as Envelope<AlertV1>).filter(isAvailabilityAlert).length >= crossings.length,
      { timeoutMs: 60_000 },
    );
    const alerts = alertMessages.map((message) => JSON.parse(message.value!) as Envelope<AlertV1>).filter(isAvailabilityAlert);
    expect(alerts.map(({ payload: { type, onHand, reserved, available, reservationId, movementId } }) => ({ type, onHand, reserved, available, reservationId, movementId }))).toEqual([
      { type: 'available-zero', onHand: 5, reserved: 5, available: 0, reservationId: second, movementId: 'erp:GRN-1' },
      { type: 'back-in-stock', onHand: 5, reserved: 3, available: 2, reservationId: second, movementId: 'erp:GRN-1' },
      { type: 'available-zero', onHand: 3, reserved: 3, available: 0, reservationId: third, movementId: `pos:${LOC}:T-1:1` },
      { type: 'back-in-stock', onHand: 3, reserved: 0, available: 3, reservationId: third, movementId: `pos:${LOC}:T-1:1` },
      { type: 'available-zero', onHand: 0, reserved: 0, available: 0, reservationId: undefined, movementId: `pos:${LOC}:T-2:1` },
      { type: 'back-in-stock', onHand: 4, reserved: 0, available: 4, reservationId: undefined, movementId: 'erp:GRN-2' },
    ]);

    expect(publishedReservationViolations(events, alerts, new Map([[KEY, (await balance()).reserved]]))).toEqual([]);
    expect(await reservationViolations(db, 'inventory_ledger')).toEqual([]);
    // Each of them was written to the outbox once: as many rows of reservation events as events read.
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.outbox WHERE topic = 'ledger.reservation-event'`);
    expect(rows[0].n).toBe(expected.length);
  });

  it('states reserved and available after each movement in stock-changed, and after the last in stock-levels', async () => {
    const sku = 'LAMP-GU10';
    await applied(receipt('GRN-10', 10, sku), 10);
    const held = await reserve(4, 'order-10', undefined, sku);
    // The sale takes 1 of the 4 held; the receipt after it leaves reserved as it was.
    await applied([sale('T-10', 1, held, sku), receipt('GRN-11', 2, sku)], 11);
    const isOfSku = (message: { value: string | null }) => (JSON.parse(message.value!) as { payload: { sku: string } }).payload.sku === sku;
    const changed = (await readTopicUntil(ledger.topic(TOPICS.stockChanged.name), (messages) => messages.filter(isOfSku).length >= 3, { timeoutMs: 60_000 }))
      .filter(isOfSku)
      .map((message) => (JSON.parse(message.value!) as { payload: Record<string, unknown> }).payload);
    expect(changed.map(({ movementId, onHand, reserved, available }) => ({ movementId, onHand, reserved, available }))).toEqual([
      { movementId: 'erp:GRN-10', onHand: 10, reserved: 0, available: 10 },
      { movementId: `pos:${LOC}:T-10:1`, onHand: 9, reserved: 3, available: 6 },
      { movementId: 'erp:GRN-11', onHand: 11, reserved: 3, available: 8 },
    ]);
    for (const payload of changed) expect(TOPICS.stockChanged.payloadSchema.safeParse(payload).success).toBe(true);
    const levels = (await readTopicUntil(ledger.topic(TOPICS.stockLevels.name), (messages) => messages.filter(isOfSku).some((m) => m.value!.includes('"onHand":11')), { timeoutMs: 60_000 }))
      .filter(isOfSku)
      .map((message) => (JSON.parse(message.value!) as { payload: Record<string, unknown> }).payload);
    expect(levels[levels.length - 1]).toMatchObject({ onHand: 11, reserved: 3, available: 8, lastMovementId: 'erp:GRN-11' });
  });

  it('raises availability alerts movement by movement within a batch, with the reserved figure after each movement', async () => {
    const plain = 'LAMP-B22';
    const held = 'LAMP-B15';
    await applied(receipt('GRN-30', 3, plain), 3);
    await applied(receipt('GRN-40', 6, held), 6);
    const order = await reserve(4, 'order-40', undefined, held); // available 2
    // On hand 3, 0, 4, 2, 0, 1: emptied twice and restored twice inside one batch.
    await applied([sale('T-30', 3, undefined, plain), receipt('GRN-31', 4, plain), sale('T-31', 2, undefined, plain), sale('T-32', 2, undefined, plain), receipt('GRN-32', 1, plain)], 1);
    // Two sales take from one reservation in order (2, then the 2 it has left): available 2, -1, -2, 2.
    await applied([sale('T-40', 2, order, held), sale('T-41', 3, undefined, held), sale('T-42', 3, order, held), receipt('GRN-41', 4, held)], 2);

    const ofKeys = (payload: { sku: string }) => payload.sku === plain || payload.sku === held;
    const changed = (await readTopicUntil(ledger.topic(TOPICS.stockChanged.name), (messages) => messages.filter((m) => ofKeys(JSON.parse(m.value!).payload)).length >= 11, { timeoutMs: 60_000 }))
      .map((message) => JSON.parse(message.value!) as Envelope<StockChangedV1>)
      .filter((event) => ofKeys(event.payload));
    expect(changed.filter((event) => event.payload.sku === held).map(({ payload: { onHand, reserved } }) => ({ onHand, reserved }))).toEqual([
      { onHand: 6, reserved: 0 },
      { onHand: 4, reserved: 2 },
      { onHand: 1, reserved: 2 },
      { onHand: -2, reserved: 0 },
      { onHand: 2, reserved: 0 },
    ]);
    const isAlertOfKeys = (alert: Envelope<AlertV1>) => (alert.payload.type === 'available-zero' || alert.payload.type === 'back-in-stock') && ofKeys(alert.payload);
    const alerts = (await readTopicUntil(ledger.topic(TOPICS.alerts.name), (messages) => messages.map((m) => JSON.parse(m.value!) as Envelope<AlertV1>).filter(isAlertOfKeys).length >= 6, { timeoutMs: 60_000 }))
      .map((message) => JSON.parse(message.value!) as Envelope<AlertV1>)
      .filter(isAlertOfKeys);
    // In order per key (each key is one partition; the two keys' alerts may interleave either way).
    const alertsOf = (sku: string) => alerts.filter((alert) => alert.payload.sku === sku).map(({ payload: { alertId, onHand, reserved } }) => ({ alertId, onHand, reserved }));
    expect(alertsOf(plain)).toEqual([
      { alertId: `available-zero:pos:${LOC}:T-30:1`, onHand: 0, reserved: 0 },
      { alertId: 'back-in-stock:erp:GRN-31', onHand: 4, reserved: 0 },
      { alertId: `available-zero:pos:${LOC}:T-32:1`, onHand: 0, reserved: 0 },
      { alertId: 'back-in-stock:erp:GRN-32', onHand: 1, reserved: 0 },
    ]);
    expect(alertsOf(held)).toEqual([
      { alertId: `available-zero:pos:${LOC}:T-41:1`, onHand: 1, reserved: 2 },
      { alertId: 'back-in-stock:erp:GRN-41', onHand: 2, reserved: 0 },
    ]);
    expect(movementAvailabilityAlertViolations(changed, alerts)).toEqual([]);
    expect(publishedReservationViolations([], alerts)).toEqual([]);
  });

  it("gives each of a key's reservations expired in one pass the reserved after it", async () => {
    const sku = 'LAMP-G9';
    await applied(receipt('GRN-20', 10, sku), 10);
    const expiresAt = new Date(Date.now() + 5_000).toISOString();
    await reserve(2, 'order-20', expiresAt, sku);
    await reserve(3, 'order-21', expiresAt, sku);
    await waitFor(async () => (await balance(sku)).reserved === 0, { description: 'both expired', timeoutMs: 60_000 });
    const { rows } = await db.query(`SELECT count(DISTINCT recorded_at)::int AS passes FROM inventory_ledger.reservation_event WHERE sku = $1 AND kind = 'expired'`, [sku]);
    expect(rows[0].passes).toBe(1);
    const isOfSku = (message: { value: string | null }) => (JSON.parse(message.value!) as Envelope<ReservationEventV1>).payload.sku === sku;
    const events = (await readTopicUntil(ledger.topic(TOPICS.reservations.name), (messages) => messages.filter(isOfSku).length >= 4, { timeoutMs: 60_000 }))
      .filter(isOfSku)
      .map((message) => JSON.parse(message.value!) as Envelope<ReservationEventV1>);
    expect(events.map((event) => event.payload.kind)).toEqual(['granted', 'granted', 'expired', 'expired']);
    expect(events.map((event) => event.payload.reservedAfter)).toEqual([2, 5, 5 - events[2]!.payload.quantity, 0]);
    expect(publishedReservationViolations(events, [], new Map([[`${sku}@${LOC}`, 0]]))).toEqual([]);
  });
});
