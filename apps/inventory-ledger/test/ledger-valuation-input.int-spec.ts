// Costs at the ledger's door, against the real broker and database: a ledger valuing in GBP
// applies a receipt in GBP as stated and one in USD at its exchange rate (the key's history keeps
// the dollar amount, currency and rate beside the pounds booked), and sends every receipt whose
// cost is missing, negative, absurd, in another currency without a rate, at a rate of zero or
// below, or in a currency code that is not one, to the dead-letter topic with its own reason,
// applying none of them.
import { DataSource } from 'typeorm';
import { TOPICS, type DeadLetterV1 } from '@ledgerline/contracts';
import { readTopicUntil, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from './running-ledger';

jest.setTimeout(120_000);

interface HistoryItem {
  movementId: string;
  valueDelta: string;
  payload: Record<string, unknown>;
}

describe('inventory-ledger valuation input (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;

  beforeAll(async () => {
    ledger = await startRunningLedger('ledger-valuation-input', { VALUATION_CURRENCY: 'GBP' });
  });

  afterAll(async () => {
    await ledger?.close();
  });

  const receipt = (sku: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({
    movementId: `rcpt:${sku}`,
    kind: 'receipt',
    sku,
    locationId: 'S1',
    quantity: 3,
    unitCost: '3.3333',
    totalCost: '10.0000',
    occurredAt: '2026-11-05T08:00:00.000Z',
    source: { system: 'erp', documentId: `DN-${sku}` },
    ...fields,
  });

  it('converts a cost at its rate, keeps both amounts in the history, and dead-letters each bad cost with its reason', async () => {
    const { unitCost: _dropped, ...withoutCost } = receipt('NO-COST');
    const refused: Array<[Record<string, unknown>, string, string]> = [
      [withoutCost, 'CONTRACT.VALIDATION_FAILED', 'payload.unitCost'],
      [receipt('NEGATIVE', { unitCost: '-3.3333', totalCost: undefined }), 'CONTRACT.VALIDATION_FAILED', 'payload.unitCost'],
      [receipt('ABSURD', { quantity: 1_000_000_000, unitCost: '999999999999999', totalCost: undefined }), 'LEDGER.COST_OUT_OF_RANGE', 'payload.unitCost'],
      [receipt('NO-RATE', { currency: 'USD' }), 'LEDGER.CURRENCY_MISMATCH', 'payload.currency'],
      [receipt('RATE-ZERO', { currency: 'USD', exchangeRate: '0.0000' }), 'CONTRACT.VALIDATION_FAILED', 'payload.exchangeRate'],
      [receipt('RATE-NEGATIVE', { currency: 'USD', exchangeRate: '-0.79' }), 'CONTRACT.VALIDATION_FAILED', 'payload.exchangeRate'],
      [receipt('BAD-CODE', { currency: 'us$' }), 'CONTRACT.VALIDATION_FAILED', 'payload.currency'],
    ];
    const pounds = receipt('GBP-TEA', { currency: 'GBP' });
    const dollars = receipt('USD-TEA', { currency: 'USD', exchangeRate: '0.7891234567' });
    await ledger.publish([pounds, ...refused.map(([movement]) => movement), dollars]);

    const letters = await readTopicUntil(ledger.topic(TOPICS.inventoryMovementsDeadLetter.name), (messages) => messages.length >= refused.length, { timeoutMs: 60_000 });
    const bySku = new Map(
      letters.map((message) => {
        const letter = (JSON.parse(message.value!) as { payload: DeadLetterV1 }).payload;
        return [letter.originalKey, letter];
      }),
    );
    for (const [movement, reasonCode, path] of refused) {
      const letter = bySku.get(`${String(movement['sku'])}@S1`);
      expect({ sku: movement['sku'], reasonCode: letter?.reasonCode }).toEqual({ sku: movement['sku'], reasonCode });
      expect(letter?.errors.map((error) => error.path)).toContain(path);
    }
    expect(bySku.get('NO-RATE@S1')?.reason).toMatch(/costs in USD but this ledger values in GBP/);

    const dataSource = ledger.app.get(DataSource);
    await waitFor(
      async () => {
        const rows: Array<{ movement_id: string }> = await dataSource.query(`SELECT movement_id FROM inventory_ledger.movement ORDER BY movement_id`);
        return rows.length === 2 ? rows.map((row) => row.movement_id) : undefined;
      },
      { timeoutMs: 30_000, description: 'the two good receipts applied' },
    ).then((applied) => expect(applied).toEqual(['rcpt:GBP-TEA', 'rcpt:USD-TEA']));

    const stock = async (sku: string) => (await (await fetch(`${ledger.url}/v1/stock/${sku}/S1`, { headers: ledger.stockReaderHeaders })).json()) as { inventoryValue: string };
    expect((await stock('GBP-TEA')).inventoryValue).toBe('10.0000');
    // 10.0000 USD x 0.7891234567 = 7.891234567 GBP, booked as 7.8912.
    expect((await stock('USD-TEA')).inventoryValue).toBe('7.8912');
    const history = (await (await fetch(`${ledger.url}/v1/stock/USD-TEA/S1/history`, { headers: ledger.stockReaderHeaders })).json()) as { items: HistoryItem[] };
    expect(history.items).toMatchObject([
      { movementId: 'rcpt:USD-TEA', valueDelta: '7.8912', payload: { totalCost: '10.0000', unitCost: '3.3333', currency: 'USD', exchangeRate: '0.7891234567' } },
    ]);
  });
});
