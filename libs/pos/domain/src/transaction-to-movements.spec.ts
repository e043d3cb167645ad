import { inventoryMovementV1Examples, inventoryMovementV1Schema, validateContract } from '@ledgerline/contracts';
import { aReturn, aSale } from '../test/transaction-builders';
import { transactionMovementIds, transactionToMovements } from './index';

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

  it('lists the fields of each movement in one order', () => {
    expect(Object.keys(transactionToMovements(aSale())[0] ?? {})).toEqual([
      'movementId', 'kind', 'sku', 'locationId', 'quantity', 'occurredAt', 'source', 'unitPrice', 'currency',
    ]);
  });

  it('names the same ids without building the movements', () => {
    const odd = aSale({ storeId: 'S:1%', transactionId: 'T:%9' });
    for (const transaction of [aSale(), aReturn(), odd]) {
      expect(transactionMovementIds(transaction)).toEqual(transactionToMovements(transaction).map((movement) => movement.movementId));
    }
  });
});
