// Landed costs through the real contracts, mapper, Kafka and PostgreSQL: an ERP receives 10 units
// at 2.0000, 4 are sold, then freight of 5.0000 and duty of 10.0000 USD (at 0.9 EUR per USD) arrive
// against that receipt. The 6 units still on hand take 6/10 of each into the shelf value, the 4
// sold give the rest to cost of goods sold as a landed-cost-variance of its own, each with its
// own stock-changed event; the period report shows both parts; a redelivery changes nothing, and
// each bad landed cost goes to the dead-letter topic with its own reason, applying nothing.
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TOPICS, type DeadLetterV1, type StockChangedV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { issueCredential, readTopicUntil, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from './running-ledger';

jest.setTimeout(120_000);

const DAY = '2026-11-05';
const erp = { system: 'erp', documentId: 'FRT-1' };

const landedCost = (movementId: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  movementId,
  kind: 'landed-cost',
  sku: 'TEA',
  locationId: 'S1',
  receiptMovementId: 'rcpt:TEA',
  amount: '5.0000',
  costType: 'freight',
  occurredAt: `${DAY}T12:00:00.000Z`,
  source: erp,
  ...fields,
});

describe('inventory-ledger landed costs (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let db: Client;

  beforeAll(async () => {
    ledger = await startRunningLedger('ledger-landed-costs');
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await ledger?.close();
  });

  it('revalues the units still on hand, books the rest as a variance with its own event, once, and refuses bad landed costs by reason', async () => {
    const refused: Array<[Record<string, unknown>, string, string]> = [
      [landedCost('lc:unknown', { receiptMovementId: 'rcpt:NEVER' }), 'LEDGER.UNKNOWN_RECEIPT', 'payload.receiptMovementId'],
      [landedCost('lc:sale', { receiptMovementId: 'sale:TEA' }), 'LEDGER.UNKNOWN_RECEIPT', 'payload.receiptMovementId'],
      [landedCost('lc:zero', { amount: '0.0000' }), 'CONTRACT.VALIDATION_FAILED', 'payload.amount'],
      [landedCost('lc:absurd', { amount: '-20.0001', costType: 'price-correction' }), 'LEDGER.COST_OUT_OF_RANGE', 'payload.amount'],
      [landedCost('lc:no-rate', { currency: 'USD' }), 'LEDGER.CURRENCY_MISMATCH', 'payload.currency'],
      [landedCost('lc:freight', { amount: '6.0000' }), 'LEDGER.CONFLICT', 'payload.movementId'],
      [{ ...landedCost('lc:forged:cogs-variance'), kind: 'landed-cost-variance' }, 'LEDGER.RESERVED_KIND', 'payload.kind'],
    ];
    await ledger.publish([
      { movementId: 'rcpt:TEA', kind: 'receipt', sku: 'TEA', locationId: 'S1', quantity: 10, unitCost: '2.0000', occurredAt: `${DAY}T08:00:00.000Z`, source: erp },
      { movementId: 'sale:TEA', kind: 'sale', sku: 'TEA', locationId: 'S1', quantity: 4, occurredAt: `${DAY}T10:00:00.000Z`, source: { system: 'pos', storeId: 'S1', transactionId: 'T-1', lineNumber: 1 } },
      landedCost('lc:freight'),
      landedCost('lc:duty', { amount: '10.0000', costType: 'duty', currency: 'USD', exchangeRate: '0.9' }),
      landedCost('lc:freight'),
      ...refused.map(([movement]) => movement),
    ]);

    const letters = await readTopicUntil(ledger.topic(TOPICS.inventoryMovementsDeadLetter.name), (messages) => messages.length >= refused.length, { timeoutMs: 60_000 });
    const byMovement = new Map(
      letters.map((message) => {
        const letter = (JSON.parse(message.value!) as { payload: DeadLetterV1 }).payload;
        return [(JSON.parse(letter.originalValue) as { payload: { movementId: string } }).payload.movementId, letter];
      }),
    );
    for (const [movement, reasonCode, path] of refused) {
      const letter = byMovement.get(String(movement['movementId']));
      expect({ movementId: movement['movementId'], reasonCode: letter?.reasonCode }).toEqual({ movementId: movement['movementId'], reasonCode });
      expect(letter?.errors.map((error) => error.path)).toContain(path);
    }

    const dataSource = ledger.app.get(DataSource);
    const applied = await waitFor(
      async () => {
        const rows: Array<{ movement_id: string; kind: string; value_delta: string; cost_of_goods_sold: string }> = await dataSource.query(
          `SELECT movement_id, kind, value_delta::text, cost_of_goods_sold::text FROM inventory_ledger.movement ORDER BY balance_version`,
        );
        return rows.length >= 6 ? rows : undefined;
      },
      { timeoutMs: 30_000, description: 'the receipt, the sale, both landed costs and their variances applied' },
    );
    expect(applied).toEqual([
      { movement_id: 'rcpt:TEA', kind: 'receipt', value_delta: '20.0000', cost_of_goods_sold: '0.0000' },
      { movement_id: 'sale:TEA', kind: 'sale', value_delta: '-8.0000', cost_of_goods_sold: '8.0000' },
      { movement_id: 'lc:freight', kind: 'landed-cost', value_delta: '3.0000', cost_of_goods_sold: '0.0000' },
      { movement_id: 'lc:freight:cogs-variance', kind: 'landed-cost-variance', value_delta: '0.0000', cost_of_goods_sold: '2.0000' },
      // 10.0000 USD x 0.9 = 9.0000 EUR: 5.4000 to the shelf, 3.6000 to the variance.
      { movement_id: 'lc:duty', kind: 'landed-cost', value_delta: '5.4000', cost_of_goods_sold: '0.0000' },
      { movement_id: 'lc:duty:cogs-variance', kind: 'landed-cost-variance', value_delta: '0.0000', cost_of_goods_sold: '3.6000' },
    ]);

    const stock = (await (await fetch(`${ledger.url}/v1/stock/TEA/S1`, { headers: ledger.stockReaderHeaders })).json()) as Record<string, unknown>;
    expect(stock).toMatchObject({ onHand: 6, inventoryValue: '20.4000', averageUnitCost: '3.4000', balanceVersion: 6 });

    const events = await readTopicUntil(ledger.topic(TOPICS.stockChanged.name), (messages) => messages.length >= 6, { timeoutMs: 30_000 });
    const changes = events.map((message) => (JSON.parse(message.value!) as { payload: StockChangedV1 }).payload);
    expect(changes.filter((change) => change.kind.startsWith('landed-cost')).map(({ movementId, kind, quantityDelta, inventoryValue, costOfGoodsSold }) => ({ movementId, kind, quantityDelta, inventoryValue, costOfGoodsSold }))).toEqual([
      { movementId: 'lc:freight', kind: 'landed-cost', quantityDelta: 0, inventoryValue: '15.0000', costOfGoodsSold: '0.0000' },
      { movementId: 'lc:freight:cogs-variance', kind: 'landed-cost-variance', quantityDelta: 0, inventoryValue: '15.0000', costOfGoodsSold: '2.0000' },
      { movementId: 'lc:duty', kind: 'landed-cost', quantityDelta: 0, inventoryValue: '20.4000', costOfGoodsSold: '0.0000' },
      { movementId: 'lc:duty:cogs-variance', kind: 'landed-cost-variance', quantityDelta: 0, inventoryValue: '20.4000', costOfGoodsSold: '3.6000' },
    ]);

    const reader = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['valuation:read'])}` };
    const report = await (await fetch(`${ledger.url}/v1/reports/period?from=${DAY}&to=${DAY}&format=json`, { headers: reader })).json();
    expect(report).toEqual(
      expect.arrayContaining([
        { period: DAY, locationId: 'S1', measure: 'cost-of-goods-sold', reasonCode: null, quantity: null, value: '13.6000', movements: null },
        { period: DAY, locationId: 'S1', measure: 'landed-cost-revaluation', reasonCode: 'duty', quantity: null, value: '5.4000', movements: '1' },
        { period: DAY, locationId: 'S1', measure: 'landed-cost-variance', reasonCode: 'duty', quantity: null, value: '3.6000', movements: '1' },
        { period: DAY, locationId: 'S1', measure: 'landed-cost-revaluation', reasonCode: 'freight', quantity: null, value: '3.0000', movements: '1' },
        { period: DAY, locationId: 'S1', measure: 'landed-cost-variance', reasonCode: 'freight', quantity: null, value: '2.0000', movements: '1' },
      ]),
    );
    expect((await checkLedgerInvariants(db, 'inventory_ledger')).violations).toEqual([]);
  });
});
