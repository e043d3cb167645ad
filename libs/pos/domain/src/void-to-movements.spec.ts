import { inventoryMovementV1Schema, validateContract } from '@ledgerline/contracts';
import { aReturn, aSale, aVoidOf } from '../test/transaction-builders';
import { IntakeRuleError, transactionToMovements, voidToMovements } from './index';

describe('voidToMovements', () => {
  it('reverses every line of a sale with ids hanging off the original lines', () => {
    const sale = aSale();
    const voidTransaction = aVoidOf(sale, { terminalId: 'T09', occurredAt: '2025-03-01T10:31:40+01:00' });
    const reversals = voidToMovements(voidTransaction, sale);
    const originals = transactionToMovements(sale);

    expect(reversals.map((movement) => movement.movementId)).toEqual(originals.map((movement) => `${movement.movementId}:void`));
    expect(reversals[0]).toEqual({
      movementId: 'pos:S001:S001-T03-000418:1:void',
      kind: 'void',
      sku: 'COFFEE-1KG',
      locationId: 'S001',
      quantity: 2,
      occurredAt: '2025-03-01T10:31:40+01:00',
      source: { system: 'pos', storeId: 'S001', terminalId: 'T09', transactionId: 'S001-T03-000418-V', lineNumber: 1 },
      voidedMovementId: 'pos:S001:S001-T03-000418:1',
      voidedKind: 'sale',
      unitPrice: '12.99',
      currency: 'EUR',
    });
    for (const movement of reversals) expect(validateContract(inventoryMovementV1Schema, movement).ok).toBe(true);
  });

  it('records the voided kind of a return', () => {
    const original = aReturn();
    expect(voidToMovements(aVoidOf(original), original).map((movement) => movement.voidedKind)).toEqual(['return']);
  });

  it('gives two different voids of one line the same reversal id, so the line is reversed once downstream', () => {
    const sale = aSale();
    const first = voidToMovements(aVoidOf(sale, { transactionId: 'V-1' }), sale);
    const second = voidToMovements(aVoidOf(sale, { transactionId: 'V-2' }), sale);
    expect(second.map((movement) => movement.movementId)).toEqual(first.map((movement) => movement.movementId));
  });

  it('refuses to void a void', () => {
    const sale = aSale();
    const firstVoid = aVoidOf(sale);
    expect(() => voidToMovements(aVoidOf(firstVoid), firstVoid)).toThrow(
      expect.objectContaining({ code: 'INTAKE.VOID_OF_VOID', path: 'voidsTransactionId' }),
    );
  });

  it("refuses to void another store's transaction", () => {
    const sale = aSale({ storeId: 'S002' });
    const voidElsewhere = () => voidToMovements(aVoidOf(sale, { storeId: 'S001' }), sale);
    expect(voidElsewhere).toThrow(IntakeRuleError);
    expect(voidElsewhere).toThrow(expect.objectContaining({ code: 'INTAKE.VOID_STORE_MISMATCH' }));
  });
});
