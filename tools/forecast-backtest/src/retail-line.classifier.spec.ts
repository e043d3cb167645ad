import { classifyRetailLine, demandContribution, isNonStockCode } from './retail-line.classifier';

const line = (overrides: Partial<Parameters<typeof classifyRetailLine>[0]>): Parameters<typeof classifyRetailLine>[0] => ({
  invoiceNo: '536365',
  stockCode: '85123A',
  quantity: 6,
  unitPrice: 2.55,
  customerId: '17850.0',
  ...overrides,
});

describe('classifyRetailLine', () => {
  it('an ordinary invoice line is a sale that adds its quantity to demand', () => {
    expect(classifyRetailLine(line({}))).toBe('sale');
    expect(demandContribution(line({}))).toBe(6);
  });

  it('a C invoice is a return that subtracts from demand', () => {
    const cancellation = line({ invoiceNo: 'C536379', quantity: -2 });
    expect(classifyRetailLine(cancellation)).toBe('return');
    expect(demandContribution(cancellation)).toBe(-2);
  });

  it('fees, postage and vouchers are not stock, whatever the invoice', () => {
    for (const code of ['POST', 'DOT', 'M', 'BANK CHARGES', 'AMAZONFEE', 'gift_0001_20', ' post ']) expect(isNonStockCode(code)).toBe(true);
    expect(classifyRetailLine(line({ stockCode: 'POST', invoiceNo: 'C1' }))).toBe('non-stock');
    expect(isNonStockCode('85123A')).toBe(false);
  });

  it('bad-debt lines, price-0 lines without a customer and negative ordinary lines are not demand', () => {
    expect(classifyRetailLine(line({ invoiceNo: 'A563185', stockCode: 'B' }))).toBe('non-stock');
    expect(classifyRetailLine(line({ invoiceNo: 'A563185' }))).toBe('bad-debt');
    expect(classifyRetailLine(line({ unitPrice: 0, customerId: '', quantity: -10 }))).toBe('stock-adjustment');
    expect(classifyRetailLine(line({ unitPrice: 0, customerId: '', quantity: 10 }))).toBe('stock-adjustment');
    expect(classifyRetailLine(line({ quantity: -3, customerId: '' }))).toBe('stock-adjustment');
    expect(demandContribution(line({ unitPrice: 0, customerId: '', quantity: -10 }))).toBe(0);
  });

  it('a free line shipped to a customer is still a sale', () => {
    expect(classifyRetailLine(line({ unitPrice: 0 }))).toBe('sale');
  });
});
