// The compacted stock-levels topic after reservation changes, on the real broker and database:
// a grant, a fulfilment, a release and an expiry each publish the key's stock level with the
// balance as the change left it, after the movement of the same version and before the next; an
// extension publishes none. Interleaved with sales, the newest record of each key (and the last
// one on the topic, the one compaction keeps) equals the balance, reserved included.
import { Client } from 'pg';
import { TOPICS, isNewerStockLevel, type Envelope, type InventoryMovementV1, type StockLevelV1 } from '@ledgerline/contracts';
import { ledgerBalances, publishedStockLevelViolations, unpublishedOutboxRecords } from '@ledgerline/history-checker';
import { issueCredential, readTopicUntil, waitFor, type ReadMessage } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';

jest.setTimeout(180_000);

const LOC = 'W2';
const SCHEMA = 'inventory_ledger';

describe('stock levels after reservation changes (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let db: Client;
  let headers: Record<string, string>;

  beforeAll(async () => {
    ledger = await startRunningLedger('reservation-stock-levels', { RESERVATION_EXPIRY_CHECK_MS: '200' });
    headers = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['reservation:write'])}`, 'content-type': 'application/json' };
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await ledger?.close();
  });

  async function post(path: string, body: unknown, idempotencyKey?: string): Promise<{ status: number; answer: Record<string, unknown> }> {
    const response = await fetch(`${ledger.url}${path}`, {
      method: 'POST',
      headers: idempotencyKey === undefined ? headers : { ...headers, 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    return { status: response.status, answer: (await response.json()) as Record<string, unknown> };
  }

  /** The reservation id granted, or undefined when refused for want of stock. */
  async function reserve(sku: string, quantity: number, idempotencyKey: string, expiresAt?: string): Promise<string | undefined> {
    const { status, answer } = await post('/v1/reservations', { lines: [{ sku, locationId: LOC, quantity }], ...(expiresAt ? { expiresAt } : {}) }, idempotencyKey);
    if (status === 409) return undefined;
    if (status !== 201) throw new Error(`reserve answered ${status}: ${JSON.stringify(answer)}`);
    return (answer as { lines: Array<{ reservation: { reservationId: string } }> }).lines[0]!.reservation.reservationId;
  }

  async function change(reservationId: string, action: 'release' | 'fulfil' | 'extend', body: unknown = {}): Promise<void> {
    const { status, answer } = await post(`/v1/reservations/${reservationId}/${action}`, body);
    if (status >= 300) throw new Error(`${action} answered ${status}: ${JSON.stringify(answer)}`);
  }

  async function balance(sku: string): Promise<{ on_hand: number; reserved: number; version: number }> {
    const { rows } = await db.query(`SELECT on_hand::int, reserved::int, version::int FROM ${SCHEMA}.stock_balance WHERE sku = $1 AND location_id = $2`, [sku, LOC]);
    return rows[0] ?? { on_hand: 0, reserved: 0, version: 0 };
  }

  async function applied(movements: InventoryMovementV1[], version: number): Promise<void> {
    await ledger.publish(movements);
    await waitFor(async () => (await balance(movements[0]!.sku)).version === version, { description: `${movements[0]!.movementId} applied`, timeoutMs: 60_000 });
  }

  const receipt = (sku: string, id: string, quantity: number): InventoryMovementV1 => ({
    movementId: `erp:${id}`, kind: 'receipt', sku, locationId: LOC, quantity, unitCost: '3.0000', occurredAt: '2026-12-03T09:00:00.000Z', source: { system: 'erp', documentId: id },
  });
  const sale = (sku: string, id: string, quantity: number, reservationId?: string): InventoryMovementV1 => ({
    movementId: `pos:${LOC}:${id}:1`, kind: 'sale', sku, locationId: LOC, quantity, occurredAt: '2026-12-03T09:05:00.000Z',
    source: { system: 'pos', storeId: LOC, terminalId: 'T1', transactionId: id, lineNumber: 1 },
    ...(reservationId === undefined ? {} : { reservationId }),
  });

  const payloadOf = (message: ReadMessage) => (JSON.parse(message.value!) as Envelope<StockLevelV1>).payload;
  async function levelsOf(skus: readonly string[], isComplete: (levels: Array<Envelope<StockLevelV1>>) => boolean): Promise<Array<Envelope<StockLevelV1>>> {
    const ofSkus = (messages: ReadMessage[]) => messages.filter((message) => skus.includes(payloadOf(message).sku)).map((message) => JSON.parse(message.value!) as Envelope<StockLevelV1>);
    return ofSkus(await readTopicUntil(ledger.topic(TOPICS.stockLevels.name), (messages) => isComplete(ofSkus(messages)), { timeoutMs: 60_000 }));
  }

  async function balancesOf(skus: readonly string[]) {
    const all = await ledgerBalances(db, SCHEMA);
    return new Map([...all].filter(([key]) => skus.some((sku) => key === `${sku}@${LOC}`)));
  }

  it('publishes the balance after each grant, fulfilment, release and expiry, in order with the movements', async () => {
    const sku = 'KETTLE-1L';
    await applied([receipt(sku, 'GRN-30', 10)], 1);
    const first = (await reserve(sku, 4, 'order-30'))!;
    await applied([sale(sku, 'T-30', 2)], 2);
    await change(first, 'fulfil', { quantity: 1 });
    await change(first, 'extend', { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await change(first, 'release');
    await reserve(sku, 3, 'order-31', new Date(Date.now() + 4_000).toISOString());
    await applied([sale(sku, 'T-31', 1)], 3);
    await waitFor(async () => (await balance(sku)).reserved === 0, { description: 'the second reservation expired', timeoutMs: 60_000 });
    const third = (await reserve(sku, 2, 'order-32'))!;
    await applied([sale(sku, 'T-32', 2, third)], 4);

    const expected = [
      { by: 'erp:GRN-30', balanceVersion: 1, onHand: 10, reserved: 0, available: 10, inventoryValue: '30.0000' },
      { by: 'granted', balanceVersion: 1, onHand: 10, reserved: 4, available: 6, inventoryValue: '30.0000' },
      { by: `pos:${LOC}:T-30:1`, balanceVersion: 2, onHand: 8, reserved: 4, available: 4, inventoryValue: '24.0000' },
      { by: 'fulfilled', balanceVersion: 2, onHand: 8, reserved: 3, available: 5, inventoryValue: '24.0000' },
      { by: 'released', balanceVersion: 2, onHand: 8, reserved: 0, available: 8, inventoryValue: '24.0000' },
      { by: 'granted', balanceVersion: 2, onHand: 8, reserved: 3, available: 5, inventoryValue: '24.0000' },
      { by: `pos:${LOC}:T-31:1`, balanceVersion: 3, onHand: 7, reserved: 3, available: 4, inventoryValue: '21.0000' },
      { by: 'expired', balanceVersion: 3, onHand: 7, reserved: 0, available: 7, inventoryValue: '21.0000' },
      { by: 'granted', balanceVersion: 3, onHand: 7, reserved: 2, available: 5, inventoryValue: '21.0000' },
      { by: `pos:${LOC}:T-32:1`, balanceVersion: 4, onHand: 5, reserved: 0, available: 5, inventoryValue: '15.0000' },
    ];
    const levels = await levelsOf([sku], (found) => found.length >= expected.length);
    const { rows: events } = await db.query(`SELECT event_seq::int AS seq, kind FROM ${SCHEMA}.reservation_event WHERE sku = $1 ORDER BY event_seq`, [sku]);
    const kindOf = new Map(events.map((event: { seq: number; kind: string }) => [event.seq, event.kind]));
    expect(
      levels.map(({ payload }) => ({
        by: payload.reservationSequence === undefined ? payload.lastMovementId : kindOf.get(payload.reservationSequence),
        balanceVersion: payload.balanceVersion,
        onHand: payload.onHand,
        reserved: payload.reserved,
        available: payload.available,
        inventoryValue: payload.inventoryValue,
      })),
    ).toEqual(expected);
    for (const { payload } of levels) {
      expect(TOPICS.stockLevels.payloadSchema.safeParse(payload).success).toBe(true);
      expect(payload).toMatchObject({ inTransit: 0, onOrder: 0, averageUnitCost: '3.0000' });
    }
    // Each record is newer than the one before it, so compaction keeps the newest.
    levels.slice(1).forEach(({ payload }, i) => expect(isNewerStockLevel(payload, levels[i]!.payload)).toBe(true));
    expect(publishedStockLevelViolations(levels, await balancesOf([sku]))).toEqual([]);
  });

  it('leaves, interleaved with sales and receipts, the newest and the last record of each key equal to its balance', async () => {
    const skus = ['KETTLE-2L', 'KETTLE-3L'];
    for (const sku of skus) await applied([receipt(sku, `GRN-${sku}`, 12)], 1);
    // Each key's open reservations that nothing expires, to release or to sell against; the short ones expire.
    const held = new Map<string, string[]>(skus.map((sku) => [sku, []]));
    const soon = new Date(Date.now() + 3_000).toISOString();
    for (let round = 0; round < 6; round++) {
      const short = round % 3 === 0;
      // Requests and movements of both keys in flight together, the ledger deciding their order.
      await Promise.all(
        skus.flatMap((sku, i) => [
          reserve(sku, 1 + ((round + i) % 2), `race-${sku}-${round}`, short ? soon : undefined).then((id) => {
            if (id !== undefined && !short) held.get(sku)!.push(id);
          }),
          ledger.publish([sale(sku, `S-${sku}-${round}`, 1, round % 2 === 1 ? held.get(sku)!.pop() : undefined)]),
        ]),
      );
      for (const sku of skus) if (round % 2 === 0 && held.get(sku)!.length > 1) await change(held.get(sku)!.shift()!, 'release');
    }
    for (const sku of skus) await waitFor(async () => (await balance(sku)).version === 7, { description: `${sku}'s sales applied`, timeoutMs: 60_000 });
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.reservation WHERE status = 'open' AND expires_at <= $1`, [soon])).rows[0].n === 0, {
      description: 'the short reservations expired',
      timeoutMs: 60_000,
    });
    await waitFor(async () => (await unpublishedOutboxRecords(db, SCHEMA)) === 0, { description: 'the outbox published', timeoutMs: 60_000 });

    const { rows: expiries } = await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.reservation_event WHERE kind = 'expired' AND sku = ANY($1)`, [skus]);
    expect(expiries[0].n).toBeGreaterThan(0);
    const balances = await balancesOf(skus);
    const levels = await levelsOf(skus, (found) => publishedStockLevelViolations(found, balances).length === 0);
    expect(publishedStockLevelViolations(levels, balances)).toEqual([]);
    for (const sku of skus) {
      const last = levels.filter(({ payload }) => payload.sku === sku).at(-1)!.payload;
      const { on_hand, reserved } = await balance(sku);
      expect({ onHand: last.onHand, reserved: last.reserved, available: last.available }).toEqual({ onHand: on_hand, reserved, available: on_hand - reserved });
    }
    // Reservations really changed the keys between movements: some records are theirs.
    expect(levels.filter(({ payload }) => payload.reservationSequence !== undefined).length).toBeGreaterThan(skus.length);
  });
});
