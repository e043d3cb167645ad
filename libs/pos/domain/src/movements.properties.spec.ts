// Properties of the POS-to-movement mapping on random valid transactions: nothing is lost or
// invented (quantities add up line by line), ids are unique, stable and within the contract,
// and a void reverses exactly what its original moved.
import fc from 'fast-check';
import {
  MAX_POS_LINE_QUANTITY,
  inventoryMovementV1Schema,
  posTransactionV1Schema,
  validateContract,
  type PosReturnV1,
  type PosSaleV1,
} from '@ledgerline/contracts';
import { aVoidOf } from '../test/transaction-builders';
import { checkMovementIdLength, transactionFingerprint, transactionToMovements, voidToMovements } from './index';

const identifier = (max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9-]{0,${max - 1}}$`));

const saleOrReturn: fc.Arbitrary<PosSaleV1 | PosReturnV1> = fc
  .record({
    transactionId: identifier(24),
    storeId: identifier(12),
    terminalId: identifier(8),
    occurredAt: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString()),
    type: fc.constantFrom('sale' as const, 'return' as const),
    currency: fc.constantFrom('EUR', 'USD'),
    lines: fc.array(
      fc.record({
        sku: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,15}$/),
        quantity: fc.integer({ min: 1, max: MAX_POS_LINE_QUANTITY }),
        unitPrice: fc.integer({ min: 0, max: 99_999 }).map((cents) => (cents / 100).toFixed(2)),
      }),
      { minLength: 1, maxLength: 60 },
    ),
  })
  .chain((transaction) =>
    // Line numbers are unique but not necessarily 1..n: tills skip numbers of deleted lines.
    fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { minLength: transaction.lines.length, maxLength: transaction.lines.length }).map((numbers) => ({
      ...transaction,
      lines: transaction.lines.map((line, index) => ({ lineNumber: numbers[index] ?? index + 1, ...line })),
    })),
  );

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('POS movements (properties)', () => {
  it('generates only transactions the contract accepts', () => {
    fc.assert(fc.property(saleOrReturn, (transaction) => posTransactionV1Schema.safeParse(transaction).success));
  });

  it('maps any valid transaction to one valid movement per line, quantities summing to the lines', () => {
    fc.assert(
      fc.property(saleOrReturn, (transaction) => {
        const movements = transactionToMovements(transaction);
        expect(movements).toHaveLength(transaction.lines.length);
        expect(sum(movements.map((movement) => movement.quantity))).toBe(sum(transaction.lines.map((line) => line.quantity)));
        for (const line of transaction.lines) {
          const quantities = movements.filter((movement) => movement.sku === line.sku).map((movement) => movement.quantity);
          const lineQuantities = transaction.lines.filter((other) => other.sku === line.sku).map((other) => other.quantity);
          expect(sum(quantities)).toBe(sum(lineQuantities));
        }
        expect(checkMovementIdLength(transaction)).toBeNull();
        for (const movement of movements) expect(validateContract(inventoryMovementV1Schema, movement).ok).toBe(true);
      }),
    );
  });

  it('gives unique movement ids that are stable across a JSON round trip and key order', () => {
    fc.assert(
      fc.property(saleOrReturn, (transaction) => {
        const ids = transactionToMovements(transaction).map((movement) => movement.movementId);
        expect(new Set(ids).size).toBe(ids.length);
        const resent = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(transaction).reverse())));
        expect(transactionToMovements(resent).map((movement) => movement.movementId)).toEqual(ids);
        expect(transactionFingerprint(resent)).toBe(transactionFingerprint(transaction));
      }),
    );
  });

  it('reverses every line of the original exactly once with a void', () => {
    fc.assert(
      fc.property(saleOrReturn, (transaction) => {
        const originals = transactionToMovements(transaction);
        const reversals = voidToMovements(aVoidOf(transaction), transaction);
        expect(reversals.map((movement) => movement.voidedMovementId)).toEqual(originals.map((movement) => movement.movementId));
        expect(reversals.map((movement) => movement.quantity)).toEqual(originals.map((movement) => movement.quantity));
        expect(new Set([...originals, ...reversals].map((movement) => movement.movementId)).size).toBe(originals.length * 2);
        for (const movement of reversals) expect(validateContract(inventoryMovementV1Schema, movement).ok).toBe(true);
      }),
    );
  });
});
