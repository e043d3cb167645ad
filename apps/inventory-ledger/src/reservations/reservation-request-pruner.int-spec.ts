// The idempotency records of reservation requests against the real database and a running ledger:
// a request older than RESERVATION_REQUEST_KEEP_MS is forgotten by the background pruning, a recent
// one is kept and still answers its retry as before, and a forgotten key used again is refused as a
// conflict (its reservations still hold it), never granted twice.
import { Client } from 'pg';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { issueCredential, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';

jest.setTimeout(90_000);

const SKU = 'TEA-250G';
const LOC = 'S1';

describe('reservation request pruning (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let db: Client;
  let headers: Record<string, string>;

  beforeAll(async () => {
    ledger = await startRunningLedger('reservation-request-pruning', { RESERVATION_REQUEST_KEEP_MS: '3600000', RESERVATION_REQUEST_PRUNE_INTERVAL_MS: '500' });
    headers = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['reservation:write'])}`, 'content-type': 'application/json' };
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
    const receipt: InventoryMovementV1 = { movementId: 'erp:r1', kind: 'receipt', sku: SKU, locationId: LOC, quantity: 10, unitCost: '2.0000', occurredAt: '2026-12-01T09:00:00.000Z', source: { system: 'erp', documentId: 'r1' } };
    await ledger.publish([receipt]);
    await waitFor(async () => (await db.query(`SELECT 1 FROM inventory_ledger.stock_balance WHERE sku = $1 AND on_hand = 10`, [SKU])).rowCount === 1, { description: 'the receipt applied' });
  });

  afterAll(async () => {
    await db?.end();
    await ledger?.close();
  });

  async function reserve(key: string, quantity: number): Promise<{ status: number; reservationId: string | undefined }> {
    const response = await fetch(`${ledger.url}/v1/reservations`, { method: 'POST', headers: { ...headers, 'idempotency-key': key }, body: JSON.stringify({ lines: [{ sku: SKU, locationId: LOC, quantity }] }) });
    const body = (await response.json()) as { lines?: Array<{ reservation?: { reservationId: string } }> };
    return { status: response.status, reservationId: body.lines?.[0]?.reservation?.reservationId };
  }

  const remembered = async (key: string) => (await db.query(`SELECT 1 FROM inventory_ledger.reservation_request WHERE idempotency_key = $1`, [key])).rowCount === 1;

  it('forgets a request past the keep window and keeps a recent one', async () => {
    const old = await reserve('order-old', 1);
    const recent = await reserve('order-recent', 1);
    expect([old.status, recent.status]).toEqual([201, 201]);
    // As if the first had been made two hours ago, past the hour the ledger keeps requests.
    await db.query(`UPDATE inventory_ledger.reservation_request SET created_at = now() - interval '2 hours' WHERE idempotency_key = 'order-old'`);

    await waitFor(async () => !(await remembered('order-old')), { description: 'the old request to be forgotten' });
    expect(await remembered('order-recent')).toBe(true);
    // The recent key still answers its retry with the same grant.
    expect((await reserve('order-recent', 1)).reservationId).toBe(recent.reservationId);
    const reused = await fetch(`${ledger.url}/v1/reservations`, { method: 'POST', headers: { ...headers, 'idempotency-key': 'order-old' }, body: JSON.stringify({ lines: [{ sku: SKU, locationId: LOC, quantity: 1 }] }) });
    expect({ status: reused.status, body: await reused.json() }).toMatchObject({ status: 409, body: { code: 'RESERVATION.IDEMPOTENCY_CONFLICT', errors: [{ path: 'Idempotency-Key' }] } });
    expect((await db.query(`SELECT reserved::int FROM inventory_ledger.stock_balance WHERE sku = $1`, [SKU])).rows[0]).toEqual({ reserved: 2 });
    // The forgotten request's reservation still holds its unit.
    expect((await db.query(`SELECT status FROM inventory_ledger.reservation WHERE reservation_id = $1`, [old.reservationId])).rows).toEqual([{ status: 'open' }]);
  });
});
