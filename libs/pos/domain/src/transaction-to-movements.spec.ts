import { inventoryMovementV1Examples, inventoryMovementV1Schema, validateContract } from '@ledgerline/contracts';
import { aReturn, aSale } from '../test/transaction-builders';
import { transactionToMovements } from './index';

describe('transactionToMovements', () => {
  it('turns each sale line into a sale movement at the store, at the till time', () => {
    const movements = transactionToMovements(aSale());
    expect(movements).toHaveLength(2);
    expect(movements[0]).toEqual(inventoryMovementV1Examples.sale);
    expect(movements[1]).toMatchObject({
      movementId: 'pos:S001:S001-T03-000418:2',
      kind: 'sale',
      sku: 'CHEESE-GOUDA',
      quantity: 350,
      unitPrice: '0.0189',
      source: { system: 'pos', storeId: 'S001', terminalId: 'T03', transactionId: 'S001-T03-000418', lineNumber: 2 },
    });
  });

  it('turns a return into return movements', () => {
    expect(transactionToMovements(aReturn())).toEqual([inventoryMovementV1Examples.return]);
  });

  it('produces movements that satisfy the inventory-movement contract', () => {
    for (const movement of [...transactionToMovements(aSale()), ...transactionToMovements(aReturn())]) {
      expect(validateContract(inventoryMovementV1Schema, movement)).toEqual({ ok: true, value: movement });
    }
  });

  it('derives the same ids every time', () => {
    const ids = () => transactionToMovements(aSale()).map((movement) => movement.movementId);
    expect(ids()).toEqual(ids());
  });
});
