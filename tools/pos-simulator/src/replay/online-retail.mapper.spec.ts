import { TOPICS, inventoryMovementV1Schema, posTransactionV1Schema, validateContract } from '@ledgerline/contracts';
import { parseCsvLine } from './csv-line.parser';
import { InvoiceAssembler, adjustmentReason, classifyRow, parseRetailRow, storeIdOfCountry, toAdjustments, toPosTransactions, type RetailRow } from './online-retail.mapper';

// Rows as they appear in the file, one of each quirk the README lists.
const FILE = `536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
536365,POST,POSTAGE,1,2010-12-01 08:26:00,18.0,17850.0,United Kingdom
536365,71053,"WHITE METAL LANTERN, LARGE",6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom
C536383,35004C,SET OF 3 COLOURED  FLYING DUCKS,-1,2010-12-01 09:49:00,4.65,15311.0,United Kingdom
536414,22139,,56,2010-12-01 11:52:00,0.0,,United Kingdom
536532,21506,"FANCY FONT BIRTHDAY CARD, ",12,2010-12-01 13:24:00,0.42,12433.0,Norway
537032,21275,damaged,-30,2010-12-03 16:50:00,0.0,,United Kingdom
581483,23843,"PAPER CRAFT , LITTLE BIRDIE",80995,2011-12-09 09:15:00,2.08,16446.0,United Kingdom
A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom
536600,22600,GIFT BAG,2,2010-12-01 15:00:00,0.0,12345.0,EIRE`;

function assemble(text: string) {
  const assembler = new InvoiceAssembler();
  const invoices = [];
  for (const line of text.split('\n')) {
    const row = parseRetailRow(parseCsvLine(line));
    if (!row) throw new Error(`unparsable ${line}`);
    const completed = assembler.add(row);
    if (completed) invoices.push(completed);
  }
  const last = assembler.finish();
  if (last) invoices.push(last);
  return { invoices, skipped: assembler.skipped };
}

describe('online retail rows', () => {
  const row = (overrides: Partial<RetailRow>): RetailRow => ({
    invoiceNo: '536365', stockCode: '85123A', description: 'X', quantity: 6, time: 0, unitPrice: '2.55', customerId: '17850', country: 'United Kingdom', ...overrides,
  });

  it('reads a row, normalising the customer id and stock code', () => {
    const parsed = parseRetailRow(parseCsvLine('536365,85123a,WHITE HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom'));
    expect(parsed).toMatchObject({ stockCode: '85123A', customerId: '17850', quantity: 6, time: Date.parse('2010-12-01T08:26:00Z') });
    expect(parseRetailRow(['too', 'few'])).toBeUndefined();
    expect(parseRetailRow(parseCsvLine('1,A,B,1.5,2010-12-01 08:26:00,1,,UK'))).toBeUndefined();
  });

  it.each([
    ['an ordinary line', {}, 'sale'],
    ['a cancellation', { invoiceNo: 'C536379', quantity: -1 }, 'return'],
    ['postage', { stockCode: 'POST' }, 'non-stock'],
    ['a gift voucher', { stockCode: 'GIFT_0001_20' }, 'non-stock'],
    ['bad debt', { invoiceNo: 'A563185', stockCode: '22000' }, 'bad-debt'],
    ['a price-0 line without a customer', { unitPrice: '0.0', customerId: '' }, 'adjustment'],
    ['a negative line on an ordinary invoice', { quantity: -3, unitPrice: '0.0' }, 'adjustment'],
    ['a price-0 line for a customer', { unitPrice: '0.0' }, 'sale'],
    ['a negative price', { unitPrice: '-11062.06' }, 'unusable'],
  ])('classifies %s', (_case, overrides, kind) => {
    expect(classifyRow(row(overrides))).toBe(kind);
  });

  it('names one web store per country', () => {
    expect(storeIdOfCountry('United Kingdom')).toBe('WEB-UNITED-KINGDOM');
    expect(storeIdOfCountry('EIRE')).toBe('WEB-EIRE');
    expect(storeIdOfCountry('')).toBe('WEB-UNKNOWN');
  });

  it('reads reasons for write-offs and finds from the description', () => {
    expect(adjustmentReason({ description: 'damaged', quantity: -30 })).toBe('damaged');
    expect(adjustmentReason({ description: 'thrown away', quantity: -5 })).toBe('write-off');
    expect(adjustmentReason({ description: 'found', quantity: 5 })).toBe('found');
    expect(adjustmentReason({ description: '', quantity: -5 })).toBe('correction');
    expect(adjustmentReason({ description: 'stock check', quantity: -5 })).toBe('correction');
  });
});

describe('invoices to POS transactions and ERP adjustments', () => {
  const { invoices, skipped } = assemble(FILE);
  const occurredAt = '2026-03-02T10:00:00Z';

  it('groups rows by invoice and counts what it skips', () => {
    expect(invoices.map((invoice) => invoice.invoiceNo)).toEqual(['536365', 'C536379', 'C536383', '536414', '536532', '537032', '581483', 'A563185', '536600']);
    // The bad-debt line carries the non-stock code B, so it is skipped as non-stock first.
    expect(skipped).toEqual({ 'non-stock': 3, 'bad-debt': 0, unusable: 0 });
  });

  it('makes valid sales and returns, splitting a line beyond the POS limit', () => {
    const transactions = invoices.flatMap((invoice) => toPosTransactions(invoice, 'or1', occurredAt));
    for (const transaction of transactions) expect(validateContract(posTransactionV1Schema, transaction)).toMatchObject({ ok: true });
    const first = transactions[0]!;
    expect(first).toMatchObject({ transactionId: 'or1-536365', storeId: 'WEB-UNITED-KINGDOM', terminalId: 'WEB', type: 'sale', occurredAt });
    expect(first.type === 'sale' && first.lines.map((line) => line.sku)).toEqual(['85123A', '71053']);
    expect(transactions.find((transaction) => transaction.transactionId === 'or1-C536383')).toMatchObject({ type: 'return', lines: [{ quantity: 1, unitPrice: '4.65' }] });
    const huge = transactions.find((transaction) => transaction.transactionId === 'or1-581483')!;
    expect(huge.type === 'sale' && huge.lines.map((line) => line.quantity)).toEqual([10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 995]);
    expect(transactions.find((transaction) => transaction.storeId === 'WEB-EIRE')).toMatchObject({ lines: [{ unitPrice: '0.0' }] });
  });

  it('splits an invoice beyond 500 lines into several transactions, and renames a reappearing invoice', () => {
    const many = Array.from({ length: 501 }, (_, index) => `540000,${10000 + index},ITEM,1,2011-01-01 10:00:00,1.0,1.0,France`).join('\n');
    const { invoices: split } = assemble(`${many}\n540001,1,A,1,2011-01-01 10:01:00,1.0,1.0,France\n540000,2,B,1,2011-01-01 10:02:00,1.0,1.0,France`);
    const transactions = split.flatMap((invoice) => toPosTransactions(invoice, 'or1', occurredAt));
    expect(transactions.map((transaction) => transaction.transactionId)).toEqual(['or1-540000', 'or1-540000-p2', 'or1-540001', 'or1-540000-2']);
    for (const transaction of transactions) expect(validateContract(posTransactionV1Schema, transaction).ok).toBe(true);
  });

  it('turns write-offs into ERP adjustments that pass the movement contract', () => {
    const adjustments = invoices.flatMap((invoice) => toAdjustments(invoice, 'or1', occurredAt));
    expect(adjustments.map((adjustment) => [adjustment.sku, adjustment.quantity, adjustment.reasonCode])).toEqual([
      ['22139', 56, 'found'],
      ['21275', -30, 'damaged'],
    ]);
    for (const adjustment of adjustments) {
      expect(validateContract(inventoryMovementV1Schema, adjustment).ok).toBe(true);
      expect(TOPICS.inventoryMovements.keyOf(adjustment)).toBe(`${adjustment.sku}@WEB-UNITED-KINGDOM`);
    }
  });
});
