// Reservations over HTTP against the real broker and database: grants, idempotency, refusals
// with the available figure, every bad input refused by field with nothing changed, a sale naming
// a reservation taking from it instead of reducing availability twice, release, fulfil, the
// channel's safety buffer and the background expiry.
import { Client } from 'pg';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { issueCredential, waitFor } from '@ledgerline/testing';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';

jest.setTimeout(90_000);

/** What the assertions read of an answer: a reservation request's lines, or a refusal. */
interface ResponseBody {
  code?: string;
  available?: number;
  lines: Array<{ status: string; available?: number; quantity: number; reservation: { reservationId: string } }>;
}

const SKU = 'TEA-250G';
const LOC = 'S1';
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();

describe('reservations (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let db: Client;
  let headers: Record<string, string>;
  let keyCount = 0;

  beforeAll(async () => {
    ledger = await startRunningLedger('reservations', { RESERVATION_EXPIRY_CHECK_MS: '200' });
    headers = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['reservation:write'])}`, 'content-type': 'application/json' };
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
    await ledger.publish([receipt('r1', 10), { ...receipt('m1', 2), sku: 'MUG' }]);
    await waitFor(async () => (await balance()).on_hand === 10, { description: 'the receipt applied' });
  });

  afterAll(async () => {
    await db?.end();
    await ledger?.close();
  });

  function receipt(id: string, quantity: number): InventoryMovementV1 {
    return { movementId: `erp:${id}`, kind: 'receipt', sku: SKU, locationId: LOC, quantity, unitCost: '2.0000', occurredAt: at(0), source: { system: 'erp', documentId: id } };
  }

  async function balance(): Promise<{ on_hand: number; reserved: number; open: number }> {
    const { rows } = await db.query(
      `SELECT on_hand::int, reserved::int,
              (SELECT COALESCE(sum(quantity - fulfilled_quantity), 0)::int FROM inventory_ledger.reservation r WHERE r.sku = b.sku AND r.location_id = b.location_id AND status = 'open') AS open
         FROM inventory_ledger.stock_balance b WHERE sku = $1 AND location_id = $2`,
      [SKU, LOC],
    );
    return rows[0] ?? { on_hand: 0, reserved: 0, open: 0 };
  }

  async function post(path: string, body: unknown, key?: string) {
    const response = await fetch(`${ledger.url}${path}`, {
      method: 'POST',
      headers: key === undefined ? headers : { ...headers, 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as ResponseBody };
  }

  const reserve = (body: unknown, key = `key-${++keyCount}`) => post('/v1/reservations', body, key);
  const line = (quantity: number, sku = SKU) => ({ lines: [{ sku, locationId: LOC, quantity }] });

  it('grants what is available, answers a retry with the same grant, and refuses the key reused for another request', async () => {
    const first = await reserve(line(4), 'order-1');
    expect(first.status).toBe(201);
    expect(first.body['lines'][0]).toMatchObject({ status: 'granted', reservation: { quantity: 4, openQuantity: 4, status: 'open' } });
    const again = await reserve(line(4), 'order-1');
    expect(again.status).toBe(201);
    expect(again.body['lines'][0].reservation.reservationId).toBe(first.body['lines'][0].reservation.reservationId);
    const other = await reserve(line(5), 'order-1');
    expect(other).toMatchObject({ status: 409, body: { code: 'RESERVATION.IDEMPOTENCY_CONFLICT' } });
    expect(await balance()).toEqual({ on_hand: 10, reserved: 4, open: 4 });
    const stock = await fetch(`${ledger.url}/v1/stock/${SKU}/${LOC}`, { headers: ledger.stockReaderHeaders });
    expect(await stock.json()).toMatchObject({ onHand: 10, reserved: 4, available: 6 });

    const tooMany = await reserve(line(7));
    expect(tooMany).toMatchObject({ status: 409, body: { code: 'RESERVATION.INSUFFICIENT_AVAILABLE', available: 6, errors: [{ path: 'lines[0].quantity' }] } });
    expect(await balance()).toEqual({ on_hand: 10, reserved: 4, open: 4 });
    await post(`/v1/reservations/${first.body['lines'][0].reservation.reservationId}/release`, {});
    expect(await balance()).toEqual({ on_hand: 10, reserved: 0, open: 0 });
  });

  it('reserves several lines all or nothing, or each on its own when asked', async () => {
    const lines = [
      { sku: SKU, locationId: LOC, quantity: 2 },
      { sku: 'MUG', locationId: LOC, quantity: 3 },
    ];
    const whole = await reserve({ lines });
    expect(whole).toMatchObject({ status: 409, body: { code: 'RESERVATION.INSUFFICIENT_AVAILABLE', available: 2, errors: [{ path: 'lines[1].quantity' }] } });
    expect(await balance()).toEqual({ on_hand: 10, reserved: 0, open: 0 });
    const partial = await reserve({ lines, partial: true });
    expect(partial.status).toBe(201);
    expect(partial.body['lines'].map((l) => l.status)).toEqual(['granted', 'refused']);
    expect(partial.body['lines'][1]).toMatchObject({ available: 2, quantity: 3 });
    expect(await balance()).toEqual({ on_hand: 10, reserved: 2, open: 2 });
    await post(`/v1/reservations/${partial.body['lines'][0].reservation.reservationId}/release`, {});
    expect(await balance()).toEqual({ on_hand: 10, reserved: 0, open: 0 });
  });

  it('refuses each bad input with its field and reason, and changes nothing', async () => {
    const cases: Array<[unknown, number, string, string]> = [
      [line(0), 400, 'RESERVATION.INVALID_REQUEST', 'lines[0].quantity'],
      [line(-3), 400, 'RESERVATION.INVALID_REQUEST', 'lines[0].quantity'],
      [line(1.5), 400, 'RESERVATION.INVALID_REQUEST', 'lines[0].quantity'],
      [{ ...line(1), expiresAt: '2020-01-01T00:00:00Z' }, 400, 'RESERVATION.INVALID_REQUEST', 'expiresAt'],
      [{ ...line(1), expiresAt: 'tomorrow' }, 400, 'RESERVATION.INVALID_REQUEST', 'expiresAt'],
      [line(1, 'NO-SUCH-SKU'), 404, 'RESERVATION.UNKNOWN_STOCK_KEY', 'lines[0].sku'],
      [{ lines: [] }, 400, 'RESERVATION.INVALID_REQUEST', 'lines'],
      [{ lines: [{ sku: SKU, locationId: LOC, quantity: 1 }, { sku: SKU, locationId: LOC, quantity: 1 }] }, 400, 'RESERVATION.INVALID_REQUEST', 'lines[1]'],
    ];
    for (const [body, status, code, path] of cases) {
      expect(await reserve(body)).toMatchObject({ status, body: { code, errors: [{ path }] } });
    }
    const missingKey = await post('/v1/reservations', line(1));
    expect(missingKey).toMatchObject({ status: 400, body: { errors: [{ path: 'Idempotency-Key' }] } });
    for (const action of ['release', 'fulfil']) {
      expect(await post(`/v1/reservations/res_nope/${action}`, {})).toMatchObject({ status: 404, body: { code: 'RESERVATION.UNKNOWN', errors: [{ path: 'reservationId' }] } });
    }
    expect(await balance()).toEqual({ on_hand: 10, reserved: 0, open: 0 });
  });

  it('a sale naming a reservation takes from it; one without reduces availability; each once', async () => {
    const granted = await reserve(line(5));
    const reservationId = granted.body['lines'][0].reservation.reservationId as string;
    const sale = (id: string, quantity: number, named?: string): InventoryMovementV1 => ({
      movementId: `pos:${LOC}:${id}:1`,
      kind: 'sale',
      sku: SKU,
      locationId: LOC,
      quantity,
      occurredAt: at(5),
      source: { system: 'pos', storeId: LOC, terminalId: 'T1', transactionId: id, lineNumber: 1 },
      ...(named === undefined ? {} : { reservationId: named }),
    });
    // Delivered twice: the ledger applies it once, and takes from the reservation once.
    await ledger.publish([sale('T-1', 3, reservationId), sale('T-1', 3, reservationId)]);
    await waitFor(async () => (await balance()).on_hand === 7, { description: 'the sale applied' });
    expect(await balance()).toEqual({ on_hand: 7, reserved: 2, open: 2 });
    // Takes the 2 still held and 1 more from what was available.
    await ledger.publish([sale('T-2', 3, reservationId), sale('T-3', 1)]);
    await waitFor(async () => (await balance()).on_hand === 3, { description: 'the sales applied' });
    expect(await balance()).toEqual({ on_hand: 3, reserved: 0, open: 0 });
    const after = await fetch(`${ledger.url}/v1/reservations/${reservationId}`, { headers });
    expect(await after.json()).toMatchObject({ status: 'fulfilled', fulfilledQuantity: 5, openQuantity: 0 });
    expect(await post(`/v1/reservations/${reservationId}/release`, {})).toMatchObject({ status: 409, body: { code: 'RESERVATION.FULFILLED' } });
    const { rows } = await db.query(`SELECT kind, quantity::int, reserved_after::int FROM inventory_ledger.reservation_event WHERE reservation_id = $1 ORDER BY event_seq`, [reservationId]);
    const history = await fetch(`${ledger.url}/v1/stock/${SKU}/${LOC}/reservation-events?limit=2`, { headers: ledger.stockReaderHeaders });
    expect(((await history.json()) as Array<Record<string, unknown>>).map(({ kind, reservationId: id, quantity, reservedAfter, onHandAfter }) => ({ kind, id, quantity, reservedAfter, onHandAfter }))).toEqual([
      // On hand after the sale that took from it, not after the other sale delivered with it.
      { kind: 'consumed', id: reservationId, quantity: 2, reservedAfter: 0, onHandAfter: 4 },
      { kind: 'consumed', id: reservationId, quantity: 3, reservedAfter: 2, onHandAfter: 7 },
    ]);
    expect(rows).toEqual([
      { kind: 'granted', quantity: 5, reserved_after: 5 },
      { kind: 'consumed', quantity: 3, reserved_after: 2 },
      { kind: 'consumed', quantity: 2, reserved_after: 0 },
    ]);
  });

  it('fulfils in part, extends, keeps the channel buffer back, and expires once in the background', async () => {
    await ledger.publish([receipt('r2', 7)]);
    await waitFor(async () => (await balance()).on_hand === 10, { description: 'the receipt applied' });
    const put = await fetch(`${ledger.url}/v1/safety-buffers/${LOC}/web/${SKU}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ledger.adminApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ quantity: 4 }),
    });
    expect(put.status).toBe(200);
    expect(await reserve({ channel: 'web', ...line(7) })).toMatchObject({ status: 409, body: { available: 6 } });
    const web = await reserve({ channel: 'web', partial: true, lines: [{ sku: SKU, locationId: LOC, quantity: 6 }] });
    expect(web.status).toBe(201);
    const webId = web.body['lines'][0].reservation.reservationId as string;
    expect(await post(`/v1/reservations/${webId}/fulfil`, { quantity: 7 })).toMatchObject({ status: 400, body: { errors: [{ path: 'quantity' }] } });
    expect(await post(`/v1/reservations/${webId}/fulfil`, { quantity: 2 })).toMatchObject({ status: 200, body: { status: 'open', openQuantity: 4 } });
    expect(await balance()).toEqual({ on_hand: 10, reserved: 4, open: 4 });

    const soon = new Date(Date.now() + 1500).toISOString();
    const store = await reserve({ expiresAt: soon, ...line(3) });
    const storeId = store.body['lines'][0].reservation.reservationId as string;
    expect(await post(`/v1/reservations/${storeId}/extend`, { expiresAt: '2020-01-01T00:00:00Z' })).toMatchObject({ status: 400, body: { errors: [{ path: 'expiresAt' }] } });
    expect(await post(`/v1/reservations/${webId}/extend`, { expiresAt: new Date(Date.now() + 3600_000).toISOString() })).toMatchObject({ status: 200 });
    expect(await balance()).toEqual({ on_hand: 10, reserved: 7, open: 7 });
    await waitFor(async () => (await balance()).reserved === 4, { description: 'the store reservation expired', timeoutMs: 10_000 });
    expect(await balance()).toEqual({ on_hand: 10, reserved: 4, open: 4 });
    expect(await post(`/v1/reservations/${storeId}/release`, {})).toMatchObject({ status: 409, body: { code: 'RESERVATION.EXPIRED' } });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.reservation_event WHERE reservation_id = $1 AND kind = 'expired'`, [storeId]);
    expect(rows[0].n).toBe(1);
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
  });

  it('the history checker finds a balance whose reserved differs from its open reservations', async () => {
    await db.query(`UPDATE inventory_ledger.stock_balance SET reserved = reserved + 1 WHERE sku = $1`, [SKU]);
    try {
      expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([`balance ${SKU}@${LOC} has reserved 5 but its open reservations hold 4`]);
    } finally {
      await db.query(`UPDATE inventory_ledger.stock_balance SET reserved = reserved - 1 WHERE sku = $1`, [SKU]);
    }
  });
});
