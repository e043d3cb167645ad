// The drift audit inside the running service, against the real broker and database: with the
// walk resting for an hour, a balance broken by hand (as the schema's owner) is found as soon as
// a movement from Kafka writes its key, GET /v1/drift and /metrics say so, and a fix is seen
// the same way. GET /v1/drift reports what the audit found, not what the tables hold now.
import { Client } from 'pg';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from './running-ledger';

jest.setTimeout(90_000);

interface DriftBody {
  status: string;
  lastCompletedPass: { finishedAt: string } | null;
  nextPassDueAt: string | null;
  mismatches: Array<{ sku: string; field: string; stored: string; fromMovements: string }>;
  key?: { status: string };
  auditor: { auditingHere: boolean };
}


describe('inventory-ledger drift audit (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let owner: Client;
  let url: string;

  beforeAll(async () => {
    ledger = await startRunningLedger('ledger-drift-audit-service', { LOG_LEVEL: 'warn', DRIFT_AUDIT_PASS_PAUSE_MS: '3600000', DRIFT_AUDIT_CHUNK_PAUSE_MS: '0' });
    url = ledger.url;
    owner = new Client({ connectionString: ledger.database.url });
    await owner.connect();
  });

  afterAll(async () => {
    await owner?.end();
    await ledger?.close();
  });

  const publish = (movements: InventoryMovementV1[]) => ledger.publish(movements);
  const sale = (sku: string, transactionId: string): InventoryMovementV1 => ({
    movementId: `pos:S1:${transactionId}:1`,
    kind: 'sale',
    sku,
    locationId: 'S1',
    quantity: 1,
    occurredAt: '2026-12-01T10:00:00.000Z',
    source: { system: 'pos', storeId: 'S1', transactionId, lineNumber: 1 },
  });
  const drift = async (query = ''): Promise<DriftBody> => (await (await fetch(`${url}/v1/drift${query}`, { headers: ledger.stockReaderHeaders })).json()) as DriftBody;
  const recentKeysVerified = async () => Number(/^ledger_drift_keys_verified_total\{[^}]*order="recent"[^}]*\} (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);
  const onHand = async (sku: string) => ((await (await fetch(`${url}/v1/stock/${sku}/S1`, { headers: ledger.stockReaderHeaders })).json()) as { onHand?: number }).onHand;

  it('finds a broken balance when the ledger next writes it, and sees the fix the same way', async () => {
    // Only the instance holding the audit keeps the keys written; before it holds it (a slow start)
    // they are left to the walk, and the recent-key count below would never move.
    await waitFor(async () => (await drift()).auditor.auditingHere, { description: 'the ledger to hold the audit' });
    await publish(['TEA', 'COFFEE'].map((sku) => ({ movementId: `grn-${sku}`, kind: 'receipt', sku, locationId: 'S1', quantity: 10, unitCost: '2.0000', occurredAt: '2026-12-01T08:00:00.000Z', source: { system: 'erp', documentId: `GRN-${sku}` } })));
    await waitFor(async () => (await onHand('TEA')) === 10 && (await onHand('COFFEE')) === 10, { description: 'the receipts to be applied' });
    // The walk ran at start and now rests for an hour; the two keys just written were checked out of turn.
    await waitFor(async () => (await recentKeysVerified()) >= 2, { description: 'the recent-key check of the receipts' });
    // The first pass ends with the locations' totals, which may come after the receipts.
    const resting = await waitFor(async () => ((await drift()).lastCompletedPass ? drift() : undefined), { description: 'the first pass to end' });
    expect(resting).toMatchObject({ status: 'consistent', mismatches: [] });
    // Between passes the report says when the next one begins: the last one's finish plus the pause.
    expect(Date.parse(resting.nextPassDueAt!) - Date.parse(resting.lastCompletedPass!.finishedAt)).toBe(3_600_000);

    await owner.query(`UPDATE inventory_ledger.stock_balance SET on_hand = on_hand + 5 WHERE sku = 'TEA'`);
    // Nothing has checked it yet, and a request does not go and sum movements.
    expect(await drift()).toMatchObject({ status: 'consistent', mismatches: [] });

    await publish([sale('TEA', 'T-1')]);
    const found = await waitFor(async () => ((await drift()).status === 'mismatch' ? drift() : undefined), { description: 'the recent-key check to find the broken balance' });
    expect(found.mismatches).toEqual([expect.objectContaining({ sku: 'TEA', field: 'onHand', stored: '14', fromMovements: '9' })]);
    expect((await drift('?sku=TEA&locationId=S1')).key).toMatchObject({ status: 'mismatch' });
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^ledger_drift_mismatches_open\{[^}]*\} 1$/m);

    await owner.query(`UPDATE inventory_ledger.stock_balance SET on_hand = on_hand - 5 WHERE sku = 'TEA'`);
    await publish([sale('TEA', 'T-2')]);
    await waitFor(async () => (await drift()).status === 'consistent', { description: 'the recent-key check to clear the mismatch' });
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^ledger_drift_mismatches_open\{[^}]*\} 0$/m);
  });
});
