// The last units of one key, fought over: two ledger instances on one database and one consumer
// group (real Kafka and PostgreSQL), 200 concurrent one-unit reservation requests spread over
// both, while receipts arrive and POS sales naming granted reservations are applied. Sales
// without a reservation happen before the burst (they may sell what is held: a sale that happened
// is never refused), so during it availability only grows and the number granted is exact: every
// unit that was ever available, no more. Every grant's own event shows it left nothing promised
// twice, and reserved + available + sold add up to what was received. Subscribers read every
// reservation event once and in the key's order, replaying to the balance's reserved, and the
// availability alerts alternate, though the changes were made on both instances; and the key's
// stock levels, one per batch of grants and per batch of movements, end newest last, equal to the
// balance.
import { Client } from 'pg';
import { TOPICS, type AlertV1, type Envelope, type InventoryMovementV1, type ReservationEventV1, type StockChangedV1, type StockLevelV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants, ledgerBalances, movementAvailabilityAlertViolations, publishedReservationViolations, publishedStockLevelViolations } from '@ledgerline/history-checker';
import { issueCredential, readTopicUntil, waitFor } from '@ledgerline/testing';
import { RUNNING_LEDGER_ADMIN_API_KEY, startRunningLedger, type RunningLedger } from './running-ledger';

jest.setTimeout(180_000);

const SKU = 'LAST-UNITS';
const LOC = 'S1';
const REQUESTS = 200;
const RECEIVED_DURING = [2, 3];

describe('reservations of the last units on two instances (real Kafka and PostgreSQL)', () => {
  const ledgers: RunningLedger[] = [];
  let db: Client;

  beforeAll(async () => {
    const first = await startRunningLedger('reservation-race', { INSTANCE_ID: 'instance-0', LOG_LEVEL: 'warn' });
    ledgers.push(first, await startRunningLedger('reservation-race', { INSTANCE_ID: 'instance-1', LOG_LEVEL: 'warn' }, first));
    db = new Client({ connectionString: first.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    // The first one owns the database: it closes last.
    for (const ledger of [...ledgers].reverse()) await ledger.close();
  });

  const urls = () => ledgers.map((ledger) => ledger.url);
  const publish = (movements: InventoryMovementV1[]) => ledgers[0]!.publish(movements);
  const receipt = (id: string, quantity: number): InventoryMovementV1 => ({
    movementId: `erp:${id}`, kind: 'receipt', sku: SKU, locationId: LOC, quantity, unitCost: '1.0000', occurredAt: new Date().toISOString(), source: { system: 'erp', documentId: id },
  });
  const sale = (id: string, quantity: number, reservationId?: string): InventoryMovementV1 => ({
    movementId: `pos:${LOC}:${id}:1`, kind: 'sale', sku: SKU, locationId: LOC, quantity, occurredAt: new Date().toISOString(),
    source: { system: 'pos', storeId: LOC, terminalId: 'T1', transactionId: id, lineNumber: 1 },
    ...(reservationId === undefined ? {} : { reservationId }),
  });

  async function balance(): Promise<{ onHand: number; reserved: number; open: number; versions: number }> {
    const { rows } = await db.query(
      `SELECT on_hand::int, reserved::int, version::int,
              (SELECT COALESCE(sum(quantity - fulfilled_quantity), 0)::int FROM inventory_ledger.reservation WHERE status = 'open') AS open
         FROM inventory_ledger.stock_balance WHERE sku = $1 AND location_id = $2`,
      [SKU, LOC],
    );
    const row = rows[0] ?? { on_hand: 0, reserved: 0, open: 0, version: 0 };
    return { onHand: row.on_hand, reserved: row.reserved, open: row.open, versions: row.version };
  }

  it('grants exactly the units available, never one twice, and the quantities add up', async () => {
    // The last 10 units: 13 received, 3 sold at the till.
    await publish([receipt('R0', 13), sale('T0', 3)]);
    await waitFor(async () => (await balance()).versions === 2, { description: 'the receipt and the sale applied' });
    const credentials = await Promise.all(urls().map((url) => issueCredential(url, RUNNING_LEDGER_ADMIN_API_KEY, ['reservation:write'])));

    const consumedBySales: string[] = [];
    const salesNamed: Array<Promise<unknown>> = [];
    let decided = 0;
    const request = async (index: number): Promise<'granted' | 'refused'> => {
      const instance = index % 2;
      const response = await fetch(`${urls()[instance]}/v1/reservations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${credentials[instance]}`, 'content-type': 'application/json', 'idempotency-key': `order-${index}` },
        body: JSON.stringify({ channel: 'web', lines: [{ sku: SKU, locationId: LOC, quantity: 1 }] }),
      });
      const body = (await response.json()) as { code?: string; available?: number; lines?: Array<{ reservation: { reservationId: string } }> };
      decided += 1;
      // Receipts land while requests are still being decided.
      if (decided === 30 || decided === 70) salesNamed.push(publish([receipt(`R${decided}`, RECEIVED_DURING[decided === 30 ? 0 : 1]!)]));
      if (response.status === 201) {
        const reservationId = body.lines![0]!.reservation.reservationId;
        // Every third grant is collected at the till at once: its sale names the reservation.
        if (consumedBySales.length < 4 && index % 3 === 0) {
          consumedBySales.push(reservationId);
          salesNamed.push(publish([sale(`T-${reservationId}`, 1, reservationId)]));
        }
        return 'granted';
      }
      expect(response.status).toBe(409);
      expect(body).toMatchObject({ code: 'RESERVATION.INSUFFICIENT_AVAILABLE' });
      // The figure is the one the refusal was decided on, the key locked: what the grants before it left.
      expect(body.available).toBe(0);
      return 'refused';
    };
    const firstWave = await Promise.all(Array.from({ length: REQUESTS / 2 }, (_, index) => request(index)));
    await Promise.all(salesNamed);
    const received = 13 + RECEIVED_DURING.reduce((sum, units) => sum + units, 0);
    const soldSoFar = () => 3 + consumedBySales.length;
    const firstWaveSold = soldSoFar();
    await waitFor(async () => (await balance()).onHand === received - firstWaveSold, { description: 'every receipt and sale applied', timeoutMs: 60_000 });
    // The second wave finds whatever the receipts brought after the first wave's refusals; its
    // grants may be collected at the till too, while the first wave collected fewer than four.
    const secondWave = await Promise.all(Array.from({ length: REQUESTS / 2 }, (_, index) => request(REQUESTS / 2 + index)));
    await Promise.all(salesNamed);
    const sold = soldSoFar();
    await waitFor(async () => (await balance()).onHand === received - sold, { description: "the second wave's sales applied", timeoutMs: 60_000 });
    const granted = [...firstWave, ...secondWave].filter((answer) => answer === 'granted').length;

    expect(granted).toBe(received - 3);
    const final = await balance();
    expect(final).toMatchObject({ onHand: received - sold, reserved: granted - consumedBySales.length, open: granted - consumedBySales.length });
    const available = final.onHand - final.reserved;
    expect(available).toBe(0);
    expect(final.reserved + available + sold).toBe(received);

    // Each grant was decided on the balance as the previous writer left it: none left it over-promised.
    const { rows: overPromised } = await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.reservation_event WHERE kind = 'granted' AND on_hand_after - reserved_after < 0`);
    expect(overPromised[0].n).toBe(0);
    const { rows: events } = await db.query(`SELECT kind, count(*)::int AS n FROM inventory_ledger.reservation_event GROUP BY kind ORDER BY kind`);
    expect(events).toEqual([
      { kind: 'consumed', n: consumedBySales.length },
      { kind: 'granted', n: granted },
    ]);
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
    const { rows: perInstanceRequests } = await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.reservation_request`);
    expect(perInstanceRequests[0].n).toBe(granted);

    const eventCount = granted + consumedBySales.length;
    const published = await readTopicUntil(ledgers[0]!.topic(TOPICS.reservations.name), (messages) => messages.length >= eventCount, { timeoutMs: 90_000 });
    expect(published).toHaveLength(eventCount);
    const { rows: alertRows } = await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.outbox WHERE topic = 'ledger.availability-alert'`);
    const alerts = await readTopicUntil(ledgers[0]!.topic(TOPICS.alerts.name), (messages) => messages.filter((m) => /"type":"(available-zero|back-in-stock)"/.test(m.value!)).length >= alertRows[0].n, { timeoutMs: 90_000 });
    expect(alertRows[0].n).toBeGreaterThan(0);
    expect(
      publishedReservationViolations(
        published.map((message) => JSON.parse(message.value!) as Envelope<ReservationEventV1>),
        alerts.map((message) => JSON.parse(message.value!) as Envelope<AlertV1>),
        new Map([[`${SKU}@${LOC}`, final.reserved]]),
      ),
    ).toEqual([]);
    // An alert a movement raised carries the figures its movement's stock-changed event states:
    // reserved as the write found it, whichever instance's grants committed meanwhile.
    const { rows: movementRows } = await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.movement`);
    const changed = await readTopicUntil(ledgers[0]!.topic(TOPICS.stockChanged.name), (messages) => messages.length >= movementRows[0].n, { timeoutMs: 90_000 });
    expect(
      movementAvailabilityAlertViolations(
        changed.map((message) => JSON.parse(message.value!) as Envelope<StockChangedV1>),
        alerts.map((message) => JSON.parse(message.value!) as Envelope<AlertV1>),
      ),
    ).toEqual([]);
    const balances = await ledgerBalances(db, 'inventory_ledger');
    const levelsOf = (messages: Array<{ value: string | null }>) => messages.map((message) => JSON.parse(message.value!) as Envelope<StockLevelV1>);
    const levels = levelsOf(
      await readTopicUntil(ledgers[0]!.topic(TOPICS.stockLevels.name), (messages) => publishedStockLevelViolations(levelsOf(messages), balances).length === 0, { timeoutMs: 90_000 }),
    );
    expect(publishedStockLevelViolations(levels, balances)).toEqual([]);
    // One per batch of grants decided together: as many as were written, at most one per grant.
    const { rows: levelRows } = await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.outbox WHERE topic = 'ledger.reservation-stock-level'`);
    expect(levelRows[0].n).toBeGreaterThan(0);
    expect(levelRows[0].n).toBeLessThanOrEqual(granted);
    expect(levels.filter(({ payload }) => payload.reservationSequence !== undefined)).toHaveLength(levelRows[0].n);
  });
});
