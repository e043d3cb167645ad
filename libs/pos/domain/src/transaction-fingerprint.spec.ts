import { aSale, aVoidOf } from '../test/transaction-builders';
import { transactionFingerprint } from './index';

describe('transactionFingerprint', () => {
  it('is a SHA-256 hex digest that ignores key order', () => {
    const sale = aSale();
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(sale).reverse())));
    expect(transactionFingerprint(sale)).toMatch(/^[0-9a-f]{64}$/);
    expect(transactionFingerprint(reordered)).toBe(transactionFingerprint(sale));
  });

  it('changes with any change of content', () => {
    const sale = aSale();
    const lines = sale.lines.map((line, index) => (index === 0 ? { ...line, quantity: line.quantity + 1 } : line));
    expect(transactionFingerprint({ ...sale, lines })).not.toBe(transactionFingerprint(sale));
    expect(transactionFingerprint({ ...sale, attributes: {} })).not.toBe(transactionFingerprint(sale));
  });

  it('treats a void without lines and a void with an empty lines array alike', () => {
    const voidTransaction = aVoidOf(aSale());
    expect(transactionFingerprint({ ...voidTransaction, lines: [] })).toBe(transactionFingerprint(voidTransaction));
  });
});
