// Availability across locations and reservations that pick their locations, against the real
// broker and database: the figures per location and in all with a channel's buffer, both rules,
// all or nothing and partial, a region of the catalog's locations, every bad input refused by field
// with nothing changed, and many concurrent requests over the same locations granting never more
// than there was.
import { Client } from 'pg';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { issueCredential, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';

jest.setTimeout(120_000);

const SKU = 'KETTLE-1L';
const RACE_SKU = 'LAST-KETTLES';
const STOCK: Record<string, number> = { S1: 3, S2: 8, S3: 5 };
const RACE_STOCK: Record<string, number> = { S1: 4, S2: 3, S3: 5 };

interface AllocateBody {
  code?: string;
  available?: number;
  errors?: Array<{ path: string }>;
  granted: number;
  reservations: Array<{ locationId: string; quantity: number }>;
}

describe('availability across locations (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let db: Client;
  let writer: Record<string, string>;
  let keyCount = 0;

  beforeAll(async () => {
    ledger = await startRunningLedger('availability');
    writer = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['reservation:write'])}`, 'content-type': 'application/json' };
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
    const receipts = [
      ...Object.entries(STOCK).map(([locationId, quantity]) => receipt(SKU, locationId, quantity)),
      ...Object.entries(RACE_STOCK).map(([locationId, quantity]) => receipt(RACE_SKU, locationId, quantity)),
    ];
    await ledger.publish(receipts);
    await waitFor(async () => (await reservedAndOnHand(RACE_SKU)).onHand === 12 && (await reservedAndOnHand(SKU)).onHand === 16, { description: 'the receipts applied', timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await db?.end();
    await ledger?.close();
  });

  function receipt(sku: string, locationId: string, quantity: number): InventoryMovementV1 {
    const id = `${sku}-${locationId}`;
    return { movementId: `erp:${id}`, kind: 'receipt', sku, locationId, quantity, unitCost: '9.5000', occurredAt: new Date().toISOString(), source: { system: 'erp', documentId: id } };
  }

  async function reservedAndOnHand(sku: string): Promise<{ onHand: number; reserved: number; open: number }> {
    const { rows } = await db.query(
      `SELECT COALESCE(sum(on_hand), 0)::int AS on_hand, COALESCE(sum(reserved), 0)::int AS reserved,
              (SELECT COALESCE(sum(quantity - fulfilled_quantity), 0)::int FROM inventory_ledger.reservation WHERE sku = $1 AND status = 'open') AS open
         FROM inventory_ledger.stock_balance WHERE sku = $1`,
      [sku],
    );
    return { onHand: rows[0].on_hand, reserved: rows[0].reserved, open: rows[0].open };
  }

  async function availability(query: string, headers = ledger.stockReaderHeaders) {
    const response = await fetch(`${ledger.url}/v1/availability/${query}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function reserve(body: unknown, key = `across-${++keyCount}`) {
    const response = await fetch(`${ledger.url}/v1/reservations/across-locations`, { method: 'POST', headers: { ...writer, 'idempotency-key': key }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as AllocateBody };
  }

  const release = async (body: AllocateBody) => {
    const ids = (body.reservations as Array<{ reservationId?: string }>).map((reservation) => reservation.reservationId);
    for (const id of ids) expect((await fetch(`${ledger.url}/v1/reservations/${id}/release`, { method: 'POST', headers: writer })).status).toBe(200);
  };

  it('answers per location and in all, less what is reserved and the channel’s buffer, for either scope', async () => {
    const buffer = await fetch(`${ledger.url}/v1/safety-buffers/S2/web/${SKU}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ledger.adminApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ quantity: 2 }),
    });
    expect(buffer.status).toBe(200);
    expect(await availability(`${SKU}?channel=web`)).toEqual({
      status: 200,
      body: {
        sku: SKU,
        channel: 'web',
        available: 14,
        withoutStock: [],
        locations: [
          { locationId: 'S1', onHand: 3, reserved: 0, safetyBuffer: 0, available: 3 },
          { locationId: 'S2', onHand: 8, reserved: 0, safetyBuffer: 2, available: 6 },
          { locationId: 'S3', onHand: 5, reserved: 0, safetyBuffer: 0, available: 5 },
        ],
      },
    });
    const region = await availability(`${SKU}?locations=S3,S1,S9`, writer);
    expect(region).toMatchObject({ status: 200, body: { channel: 'default', available: 8, withoutStock: ['S9'] } });
    expect((region.body['locations'] as Array<{ locationId: string }>).map((location) => location.locationId)).toEqual(['S1', 'S3']);
  });

  it('refuses bad questions with the field and the reason', async () => {
    expect(await availability('NO-SUCH-SKU')).toMatchObject({ status: 404, body: { code: 'RESERVATION.UNKNOWN_STOCK_KEY', errors: [{ path: 'sku' }] } });
    expect(await availability(`${SKU}?locations=`)).toMatchObject({ status: 400, body: { code: 'RESERVATION.INVALID_REQUEST', errors: [{ path: 'locations' }] } });
    expect(await availability(`${SKU}?locations=S1,S1`)).toMatchObject({ status: 400, body: { errors: [{ path: 'locations[1]' }] } });
    expect((await fetch(`${ledger.url}/v1/availability/${SKU}`)).status).toBe(401);
  });

  it('takes from the locations with the most first, or in the caller’s order, each location its own reservation', async () => {
    const most = await reserve({ sku: SKU, quantity: 10, channel: 'web' });
    expect(most.status).toBe(201);
    expect(most.body).toMatchObject({ granted: 10, reservations: [{ locationId: 'S2', quantity: 6 }, { locationId: 'S3', quantity: 4 }] });
    expect(await reservedAndOnHand(SKU)).toEqual({ onHand: 16, reserved: 10, open: 10 });
    await release(most.body);

    const ordered = await reserve({ sku: SKU, quantity: 5, rule: 'priority', locations: ['S1', 'S3', 'S2'] });
    expect(ordered.body).toMatchObject({ granted: 5, reservations: [{ locationId: 'S1', quantity: 3 }, { locationId: 'S3', quantity: 2 }] });
    const again = await reserve({ sku: SKU, quantity: 5, rule: 'priority', locations: ['S1', 'S3', 'S2'] }, `across-${keyCount}`);
    expect(again).toEqual(ordered);
    await release(ordered.body);
    expect(await reservedAndOnHand(SKU)).toEqual({ onHand: 16, reserved: 0, open: 0 });
  });

  it('grants nothing when the locations cannot cover the quantity, or what there is when partial', async () => {
    const refused = await reserve({ sku: SKU, quantity: 9, locations: ['S1', 'S3'] });
    expect(refused).toMatchObject({ status: 409, body: { code: 'RESERVATION.INSUFFICIENT_AVAILABLE', available: 8, errors: [{ path: 'quantity' }] } });
    expect(await reservedAndOnHand(SKU)).toMatchObject({ reserved: 0 });
    const partial = await reserve({ sku: SKU, quantity: 9, locations: ['S1', 'S3'], partial: true });
    expect(partial).toMatchObject({ status: 201, body: { granted: 8, quantity: 9 } });
    await release(partial.body);
  });

  it('refuses bad input by field and changes nothing', async () => {
    const cases: Array<[unknown, number, string, string]> = [
      [{ sku: 'NO-SUCH-SKU', quantity: 1 }, 404, 'RESERVATION.UNKNOWN_STOCK_KEY', 'sku'],
      [{ sku: SKU, quantity: 1, locations: [] }, 400, 'RESERVATION.INVALID_REQUEST', 'locations'],
      [{ sku: SKU, quantity: 0 }, 400, 'RESERVATION.INVALID_REQUEST', 'quantity'],
      [{ sku: SKU, quantity: -2 }, 400, 'RESERVATION.INVALID_REQUEST', 'quantity'],
      [{ sku: SKU, quantity: 1, rule: 'priority' }, 400, 'RESERVATION.INVALID_REQUEST', 'locations'],
      [{ sku: SKU, quantity: 1, rule: 'nearest' }, 400, 'RESERVATION.INVALID_REQUEST', 'rule'],
    ];
    for (const [body, status, code, path] of cases) {
      const answer = await reserve(body);
      expect({ body, status: answer.status, code: answer.body.code, path: answer.body.errors?.[0]?.path }).toEqual({ body, status, code, path });
    }
    expect(await reservedAndOnHand(SKU)).toEqual({ onHand: 16, reserved: 0, open: 0 });
  });

  it("answers for a region of the catalog's locations and reserves from it, its inactive and other locations left out", async () => {
    const location = (locationId: string, region: string, active = true) => ({
      locationId,
      name: `Store ${locationId}`,
      kind: 'store' as const,
      region,
      active,
      updatedAt: '2026-12-01T00:00:00.000Z',
    });
    await ledger.publishCatalogLocations([location('S1', 'north'), location('S2', 'south'), location('S3', 'north'), location('S9', 'north', false)]);
    await waitFor(async () => Number((await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.location_setting`)).rows[0].n) === 4, {
      description: 'the catalog locations applied',
      timeoutMs: 60_000,
    });
    const north = await availability(`${SKU}?region=north`);
    expect(north).toMatchObject({ status: 200, body: { available: 8, withoutStock: [] } });
    expect((north.body['locations'] as Array<{ locationId: string }>).map((row) => row.locationId)).toEqual(['S1', 'S3']);

    const taken = await reserve({ sku: SKU, quantity: 7, region: 'north' });
    expect(taken).toMatchObject({ status: 201, body: { granted: 7, reservations: [{ locationId: 'S3', quantity: 5 }, { locationId: 'S1', quantity: 2 }] } });
    // The same key and body again: the same grants, though the region is read anew.
    expect(await reserve({ sku: SKU, quantity: 7, region: 'north' }, `across-${keyCount}`)).toEqual(taken);
    expect(await reserve({ sku: SKU, quantity: 2, region: 'north' })).toMatchObject({ status: 409, body: { code: 'RESERVATION.INSUFFICIENT_AVAILABLE', available: 1 } });
    await release(taken.body);

    expect(await availability(`${SKU}?region=west`)).toMatchObject({ status: 404, body: { code: 'RESERVATION.UNKNOWN_REGION', errors: [{ path: 'region' }] } });
    expect(await availability(`${SKU}?region=north&locations=S1`)).toMatchObject({ status: 400, body: { code: 'RESERVATION.INVALID_REQUEST', errors: [{ path: 'region' }] } });
    expect(await reserve({ sku: SKU, quantity: 1, region: 'west' })).toMatchObject({ status: 404, body: { code: 'RESERVATION.UNKNOWN_REGION' } });
    expect(await reserve({ sku: SKU, quantity: 1, region: 'north', locations: ['S1'] })).toMatchObject({ status: 400, body: { errors: [{ path: 'region' }] } });
    expect(await reserve({ sku: SKU, quantity: 1, region: 'north', rule: 'priority' })).toMatchObject({ status: 400, body: { errors: [{ path: 'locations' }] } });
    expect(await reservedAndOnHand(SKU)).toEqual({ onHand: 16, reserved: 0, open: 0 });
  });

  it('grants never more than the locations hold when many requests race for the last units', async () => {
    const total = Object.values(RACE_STOCK).reduce((sum, quantity) => sum + quantity, 0);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, index) => reserve({ sku: RACE_SKU, quantity: 1 + (index % 3), ...(index % 2 === 0 ? {} : { rule: 'priority', locations: ['S3', 'S1', 'S2'] }) })),
    );
    const granted = answers.filter((answer) => answer.status === 201);
    expect(answers.every((answer) => answer.status === 201 || (answer.status === 409 && answer.body.code === 'RESERVATION.INSUFFICIENT_AVAILABLE'))).toBe(true);
    const units = granted.reduce((sum, answer) => sum + answer.body.granted, 0);
    // Requests of one to three units against 12: at the end fewer than three can be left.
    expect(units).toBeLessThanOrEqual(total);
    expect(units).toBeGreaterThan(total - 3);
    expect(await reservedAndOnHand(RACE_SKU)).toEqual({ onHand: total, reserved: units, open: units });
    const { rows } = await db.query(`SELECT count(*)::int AS short FROM inventory_ledger.stock_balance WHERE sku = $1 AND reserved > on_hand`, [RACE_SKU]);
    expect(rows[0].short).toBe(0);
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
  });
});
