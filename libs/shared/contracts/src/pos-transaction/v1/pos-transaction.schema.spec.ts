import fc from 'fast-check';
import {
  MAX_LINES_PER_TRANSACTION,
  MAX_POS_LINE_QUANTITY,
  MAX_TRANSACTIONS_PER_BATCH,
  posTransactionBatchV1Schema,
  posTransactionV1Examples,
  posTransactionV1Schema,
  type PosTransactionLineV1,
  type PosTransactionV1,
} from '../../index';
import { expectRejectedAt, expectValid, without } from '../../test-support/contract-assertions';

const sale = posTransactionV1Examples.sale;
const line = (overrides: Partial<Record<keyof PosTransactionLineV1 | 'discount', unknown>>, index = 0) => ({
  ...sale,
  lines: sale.lines.map((original, position) => (position === index ? { ...original, ...overrides } : original)),
});
const manyLines = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ lineNumber: index + 1, sku: `SKU-${index}`, quantity: 1, unitPrice: '1.00' }));

describe('pos-transaction v1', () => {
  it.each(Object.entries(posTransactionV1Examples))('accepts the %s example', (_type, example) => {
    expect(expectValid(posTransactionV1Schema, example)).toEqual(example);
  });

  it('narrows the type on `type`', () => {
    const transaction: PosTransactionV1 = expectValid(posTransactionV1Schema, posTransactionV1Examples.void);
    expect(transaction.type === 'void' ? transaction.voidsTransactionId : undefined).toBe('S001-T03-000418');
  });

  it('accepts a void with an empty lines array', () => {
    expectValid(posTransactionV1Schema, { ...posTransactionV1Examples.void, lines: [] });
  });

  describe('rejects, naming the field', () => {
    it.each(['transactionId', 'storeId', 'terminalId', 'occurredAt', 'currency', 'type', 'lines'] as const)('missing %s', (field) => {
      const [error] = expectRejectedAt(posTransactionV1Schema, without(sale, field), [field === 'type' ? 'type' : field]);
      expect(error?.message).toMatch(new RegExp(`^${field} (is required|must be one of)`));
    });

    it('extra fields, each at its own path', () => {
      const errors = expectRejectedAt(posTransactionV1Schema, { ...line({ discount: '1.00' }), cashier: 'Ann' }, ['cashier', 'lines[0].discount']);
      expect(errors.map((error) => error.message)).toContain('lines[0].discount is not an allowed field');
    });

    it('an unknown type', () => {
      const [error] = expectRejectedAt(posTransactionV1Schema, { ...sale, type: 'refund' }, ['type']);
      expect(error?.message).toBe("type must be one of 'sale', 'return', 'void'");
    });

    it.each([
      ['zero', 0, 'lines[0].quantity must be at least 1'],
      ['negative', -2, 'lines[0].quantity must be at least 1'],
      ['huge', MAX_POS_LINE_QUANTITY + 1, `lines[0].quantity must be at most ${MAX_POS_LINE_QUANTITY}`],
      ['fractional', 1.5, 'lines[0].quantity must be an integer, not a fraction'],
      ['string', '2', 'lines[0].quantity must be a number, got a string'],
    ])('a %s quantity', (_case, quantity, message) => {
      const errors = expectRejectedAt(posTransactionV1Schema, line({ quantity }), ['lines[0].quantity']);
      expect(errors[0]?.message).toBe(message);
    });

    it('a quantity beyond 2^53 as it arrives in JSON', () => {
      const body: unknown = JSON.parse(JSON.stringify(line({ quantity: 1 })).replace('"quantity":1', '"quantity":9007199254740993'));
      const errors = expectRejectedAt(posTransactionV1Schema, body, ['lines[0].quantity']);
      expect(errors[0]?.message).toMatch(/lose precision/);
    });

    it.each(['12.34567', '-1.00', '1e2', '12,99'])('a malformed unit price %p', (unitPrice) => {
      expectRejectedAt(posTransactionV1Schema, line({ unitPrice }), ['lines[0].unitPrice']);
    });

    it('a unit price sent as a JSON number', () => {
      const [error] = expectRejectedAt(posTransactionV1Schema, line({ unitPrice: 12.99 }), ['lines[0].unitPrice']);
      expect(error?.message).toBe('lines[0].unitPrice must be a decimal string such as "12.3456", not a JSON number');
    });

    it.each(['2025-03-01T10:30:00', '01/03/2025 10:30', '2025-13-01T10:30:00Z', ''])('a bad timestamp %p', (occurredAt) => {
      expectRejectedAt(posTransactionV1Schema, { ...sale, occurredAt }, ['occurredAt']);
    });

    it.each([
      ['control characters', 'COF\u0007FEE', 'must not contain control characters'],
      ['an empty string', '', 'must not be empty'],
      ['200 characters', 'S'.repeat(200), 'must be at most 64 characters'],
    ])('a SKU with %s', (_case, sku, reason) => {
      const [error] = expectRejectedAt(posTransactionV1Schema, line({ sku }, 1), ['lines[1].sku']);
      expect(error?.message).toBe(`lines[1].sku ${reason}`);
    });

    it('a void without voidsTransactionId', () => {
      const [error] = expectRejectedAt(posTransactionV1Schema, without(posTransactionV1Examples.void, 'voidsTransactionId'), ['voidsTransactionId']);
      expect(error?.message).toBe('voidsTransactionId is required');
    });

    it('a void with lines, a void of itself, a sale naming a transaction to void', () => {
      expectRejectedAt(posTransactionV1Schema, { ...posTransactionV1Examples.void, lines: sale.lines }, ['lines']);
      expectRejectedAt(posTransactionV1Schema, { ...posTransactionV1Examples.void, voidsTransactionId: posTransactionV1Examples.void.transactionId }, ['voidsTransactionId']);
      const [error] = expectRejectedAt(posTransactionV1Schema, { ...sale, voidsTransactionId: 'X' }, ['voidsTransactionId']);
      expect(error?.message).toBe("voidsTransactionId is allowed only when type is 'void'");
    });

    it('a sale without lines or with too many', () => {
      expectRejectedAt(posTransactionV1Schema, { ...sale, lines: [] }, ['lines']);
      const [error] = expectRejectedAt(posTransactionV1Schema, { ...sale, lines: manyLines(MAX_LINES_PER_TRANSACTION + 1) }, ['lines']);
      expect(error?.message).toBe(`lines must contain at most ${MAX_LINES_PER_TRANSACTION} items`);
      expectValid(posTransactionV1Schema, { ...sale, lines: manyLines(MAX_LINES_PER_TRANSACTION) });
    });

    it('duplicate line numbers, alongside other line errors', () => {
      const lines = [...sale.lines, { lineNumber: 1, sku: '', quantity: 1, unitPrice: '1.00' }];
      const errors = expectRejectedAt(posTransactionV1Schema, { ...sale, lines }, ['lines[2].sku', 'lines[2].lineNumber']);
      expect(errors.map((error) => error.message)).toContain('lines[2].lineNumber must be unique within the transaction: 1 is also used by lines[0]');
    });

    it('attributes beyond the limits', () => {
      const tooMany = Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`key${index}`, 'v']));
      expectRejectedAt(posTransactionV1Schema, { ...sale, attributes: tooMany }, ['attributes']);
      expectRejectedAt(posTransactionV1Schema, { ...sale, attributes: { note: 'x'.repeat(257) } }, ['attributes.note']);
      expectRejectedAt(posTransactionV1Schema, { ...sale, attributes: { ['k'.repeat(65)]: 'v' } }, [`attributes.${'k'.repeat(65)}`]);
      expectRejectedAt(posTransactionV1Schema, { ...sale, attributes: { 'gift note': 'a\u0000b' } }, ['attributes["gift note"]']);
      expectRejectedAt(posTransactionV1Schema, { ...sale, attributes: { count: 3 } }, ['attributes.count']);
    });

    it('a body that is not an object', () => {
      for (const body of [null, [], 'sale', 42]) expectRejectedAt(posTransactionV1Schema, body, ['']);
    });
  });

  describe('batch', () => {
    it('checks only the envelope of the batch, leaving elements to be validated one by one', () => {
      expectValid(posTransactionBatchV1Schema, { transactions: [sale, { nonsense: true }] });
      expectRejectedAt(posTransactionBatchV1Schema, { transactions: [] }, ['transactions']);
      expectRejectedAt(posTransactionBatchV1Schema, { transactions: new Array(MAX_TRANSACTIONS_PER_BATCH + 1).fill(sale) }, ['transactions']);
      expectRejectedAt(posTransactionBatchV1Schema, { transactions: [sale], storeId: 'S001' }, ['storeId']);
    });
  });

  describe('properties', () => {
    const skuArbitrary = fc.stringMatching(/^[A-Z0-9][A-Z0-9._\-/#+: ]{0,20}[A-Z0-9]$/);
    const lineArbitrary = fc.record({
      sku: skuArbitrary,
      quantity: fc.integer({ min: 1, max: MAX_POS_LINE_QUANTITY }),
      unitPrice: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 9999 })).map(
        ([units, fraction]) => `${units}.${fraction.toString().padStart(4, '0')}`,
      ),
    });
    const saleArbitrary = fc.record({
      transactionId: fc.stringMatching(/^[!-~]{1,64}$/),
      storeId: fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/),
      terminalId: fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/),
      occurredAt: fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
        .map((date) => date.toISOString()),
      type: fc.constantFrom('sale' as const, 'return' as const),
      currency: fc.constantFrom('EUR', 'USD', 'GBP'),
      lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 40 }).map((lines) => lines.map((item, index) => ({ lineNumber: index + 1, ...item }))),
    });

    it('any well-formed sale or return survives a JSON round trip and validates unchanged', () => {
      fc.assert(
        fc.property(saleArbitrary, (transaction) => {
          const received: unknown = JSON.parse(JSON.stringify(transaction));
          expect(expectValid(posTransactionV1Schema, received)).toEqual(transaction);
        }),
      );
    });

    it('repeating any line number is always rejected at that line', () => {
      fc.assert(
        fc.property(saleArbitrary, fc.nat(), (transaction, pick) => {
          const copied = transaction.lines[pick % transaction.lines.length];
          if (copied === undefined) return;
          const lines = [...transaction.lines, { ...copied }];
          expectRejectedAt(posTransactionV1Schema, { ...transaction, lines }, [`lines[${transaction.lines.length}].lineNumber`]);
        }),
      );
    });
  });
});
