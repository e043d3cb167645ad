// Hand-worked examples for every movement kind, with the figures a bookkeeper would check.
import { LedgerError, Movement, MovementOutcome, StockBalance, applyMovement, emptyBalance } from './index';
import {
  SKU,
  STORE,
  WAREHOUSE,
  adjustment,
  at,
  money,
  orderCancelled,
  orderPlaced,
  receipt,
  sale,
  saleReturn,
  thrownBy,
  transferOut,
  voidOf,
} from '../test/movement-builders';

/** Applies movements in order (none of these derive anything) and returns the last outcome. */
function fold(movements: Movement[], start: StockBalance = emptyBalance(SKU, STORE)): MovementOutcome {
  let outcome: MovementOutcome | undefined;
  let balance = start;
  for (const movement of movements) {
    outcome = applyMovement(balance, movement);
    expect(outcome.derived.filter((derived) => derived.locationId === STORE)).toEqual([]);
    balance = outcome.balance;
  }
  if (!outcome) throw new Error('no movements');
  return outcome;
}

const stocked = (): StockBalance =>
  fold([receipt({ id: 'r1', quantity: 10, unitCost: '2.00' }), receipt({ id: 'r2', quantity: 10, unitCost: '4.00' })]).balance;

describe('receipt', () => {
  it('10 @ 2.00 then 10 @ 4.00 gives 20 units worth 60.00 at an average of 3.00', () => {
    const first = fold([receipt({ id: 'r1', quantity: 10, unitCost: '2.00' })]);
    expect(first.balance).toMatchObject({ onHand: 10, inventoryValue: money('20'), averageUnitCost: money('2') });
    expect(first).toMatchObject({ quantityDelta: 10, valueDelta: money('20'), costOfGoodsSold: 0n });
    const second = applyMovement(first.balance, receipt({ id: 'r2', quantity: 10, unitCost: '4.00' }));
    expect(second.balance).toMatchObject({ onHand: 20, inventoryValue: money('60'), averageUnitCost: money('3'), version: 2 });
  });

  it('with a purchase order reduces on order by the quantity, never below zero', () => {
    const placed = fold([orderPlaced({ id: 'o1', quantity: 20 })]);
    expect(placed.balance.onOrder).toBe(20);
    const partly = applyMovement(placed.balance, receipt({ id: 'r1', quantity: 15, unitCost: '1', purchaseOrderId: 'PO-1' }));
    expect(partly).toMatchObject({ onOrderDelta: -15, balance: { onOrder: 5, onHand: 15 } });
    const over = applyMovement(partly.balance, receipt({ id: 'r2', quantity: 10, unitCost: '1', purchaseOrderId: 'PO-1' }));
    expect(over.balance.onOrder).toBe(0);
  });

  it('without a purchase order leaves on order alone', () => {
    const placed = fold([orderPlaced({ id: 'o1', quantity: 20 }), receipt({ id: 'r1', quantity: 5, unitCost: '1' })]);
    expect(placed.balance.onOrder).toBe(20);
  });
});

describe('sale', () => {
  it('of 5 from 20 @ 3.00 costs 15.00 and leaves 15 worth 45.00', () => {
    const sold = applyMovement(stocked(), sale({ id: 's1', quantity: 5 }));
    expect(sold).toMatchObject({ quantityDelta: -5, valueDelta: money('-15'), costOfGoodsSold: money('15') });
    expect(sold.balance).toMatchObject({ onHand: 15, inventoryValue: money('45'), averageUnitCost: money('3') });
  });

  it('of part of a value that does not divide evenly rounds once, half to even', () => {
    // 3 units worth 10.0000: one unit costs 3.3333; the two left are worth 6.6667, an average of
    // 3.33335 which rounds to the even 3.3334.
    const start = fold([receipt({ id: 'r1', quantity: 2, unitCost: '3' }), receipt({ id: 'r2', quantity: 1, unitCost: '4' })]).balance;
    const sold = applyMovement(start, sale({ id: 's1', quantity: 1 }));
    expect(sold.costOfGoodsSold).toBe(money('3.3333'));
    expect(sold.balance).toMatchObject({ inventoryValue: money('6.6667'), averageUnitCost: money('3.3334') });
  });

  it('of every unit removes exactly the value, leaving no residue', () => {
    // 3.0001 over 3 units averages 1.0000, but selling all 3 costs the full 3.0001.
    const start = fold([receipt({ id: 'r1', quantity: 2, unitCost: '1' }), receipt({ id: 'r2', quantity: 1, unitCost: '1.0001' })]).balance;
    expect(start.averageUnitCost).toBe(money('1'));
    const sold = applyMovement(start, sale({ id: 's1', quantity: 3 }));
    expect(sold.costOfGoodsSold).toBe(money('3.0001'));
    expect(sold.balance).toMatchObject({ onHand: 0, inventoryValue: 0n, averageUnitCost: money('1') });
  });
});

describe('return and void', () => {
  it('a return comes back at average cost and reverses cost of goods sold', () => {
    const returned = fold([sale({ id: 's1', quantity: 5 }), saleReturn({ id: 'x1', quantity: 2 })], stocked());
    expect(returned).toMatchObject({ quantityDelta: 2, valueDelta: money('6'), costOfGoodsSold: money('-6') });
    expect(returned.balance).toMatchObject({ onHand: 17, inventoryValue: money('51') });
  });

  it('a void of a sale puts units back; a void of a return takes them out again', () => {
    const voidedSale = applyMovement(stocked(), voidOf({ id: 'v1', quantity: 1, voidedKind: 'sale' }));
    expect(voidedSale).toMatchObject({ quantityDelta: 1, valueDelta: money('3'), costOfGoodsSold: money('-3') });
    const voidedReturn = applyMovement(voidedSale.balance, voidOf({ id: 'v2', quantity: 1, voidedKind: 'return' }));
    expect(voidedReturn).toMatchObject({ quantityDelta: -1, valueDelta: money('-3'), costOfGoodsSold: money('3') });
    expect(voidedReturn.balance).toMatchObject({ onHand: 20, inventoryValue: money('60') });
  });
});

describe('adjustment', () => {
  it('moves units and value at average cost without touching cost of goods sold', () => {
    const writtenOff = applyMovement(stocked(), adjustment({ id: 'a1', quantity: -2, reasonCode: 'damaged' }));
    expect(writtenOff).toMatchObject({ quantityDelta: -2, valueDelta: money('-6'), costOfGoodsSold: 0n });
    const found = applyMovement(writtenOff.balance, adjustment({ id: 'a2', quantity: 1, reasonCode: 'found' }));
    expect(found).toMatchObject({ quantityDelta: 1, valueDelta: money('3'), costOfGoodsSold: 0n });
  });
});

describe('transfer-out', () => {
  it('removes units at average cost and derives the shipment for the destination', () => {
    const out = applyMovement(stocked(), transferOut({ id: 't1', quantity: 4, toLocationId: WAREHOUSE, transferId: 'TR-9', minute: 30 }));
    expect(out).toMatchObject({ quantityDelta: -4, valueDelta: money('-12'), costOfGoodsSold: 0n });
    expect(out.derived).toEqual([
      {
        kind: 'transfer-shipped',
        movementId: 't1:shipped',
        sku: SKU,
        locationId: WAREHOUSE,
        occurredAt: at(30),
        causedByMovementId: 't1',
        quantity: 4,
        transferId: 'TR-9',
        fromLocationId: STORE,
        unitCost: money('3'),
        totalCost: money('12'),
      },
    ]);
  });
});

describe('purchase orders', () => {
  it('order-placed adds to on order and order-cancelled removes, not below zero', () => {
    const placed = fold([orderPlaced({ id: 'o1', quantity: 8 }), orderPlaced({ id: 'o2', quantity: 4 })]);
    expect(placed.balance.onOrder).toBe(12);
    const cancelled = applyMovement(placed.balance, orderCancelled({ id: 'c1', quantity: 5 }));
    expect(cancelled).toMatchObject({ onOrderDelta: -5, quantityDelta: 0, valueDelta: 0n });
    expect(applyMovement(cancelled.balance, orderCancelled({ id: 'c2', quantity: 50 })).balance.onOrder).toBe(0);
  });
});

describe('bookkeeping fields', () => {
  it('counts applied movements in version and keeps the latest business time', () => {
    const late = fold([sale({ id: 's1', quantity: 1, minute: 90 }), sale({ id: 's2', quantity: 1, minute: 10 })]);
    expect(late.balance).toMatchObject({ version: 2, lastMovementAt: at(90), lastCountAt: null });
  });

  it('does not modify the balance it was given', () => {
    const before = stocked();
    const snapshot = { ...before };
    applyMovement(before, sale({ id: 's1', quantity: 5 }));
    expect(before).toEqual(snapshot);
  });
});

describe('impossible inputs', () => {
  const empty = emptyBalance(SKU, STORE);
  const codeAndField = (movement: unknown) => {
    const error = thrownBy(() => applyMovement(empty, movement as Movement));
    expect(error).toBeInstanceOf(LedgerError);
    const { code, field } = error as LedgerError;
    return { code, field };
  };

  it.each([
    ['a receipt without unit cost', { ...receipt({ id: 'r', quantity: 1, unitCost: '1' }), unitCost: undefined }, 'unitCost'],
    ['a receipt with a negative unit cost', { ...receipt({ id: 'r', quantity: 1, unitCost: '1' }), unitCost: -1n }, 'unitCost'],
    ['a receipt with a float unit cost', { ...receipt({ id: 'r', quantity: 1, unitCost: '1' }), unitCost: 1.5 }, 'unitCost'],
    ['a sale of zero', sale({ id: 's', quantity: 0 }), 'quantity'],
    ['a sale of a fraction', sale({ id: 's', quantity: 1.5 }), 'quantity'],
    ['a negative sale', sale({ id: 's', quantity: -1 }), 'quantity'],
    ['an adjustment of zero', adjustment({ id: 'a', quantity: 0 }), 'quantity'],
    ['an adjustment without reason', adjustment({ id: 'a', quantity: 1, reasonCode: '' }), 'reasonCode'],
    ['a void of an unknown kind', { ...voidOf({ id: 'v', quantity: 1, voidedKind: 'sale' }), voidedKind: 'receipt' }, 'voidedKind'],
    ['a transfer to itself', transferOut({ id: 't', quantity: 1, toLocationId: STORE }), 'toLocationId'],
    ['an unknown kind', { ...sale({ id: 's', quantity: 1 }), kind: 'theft' }, 'kind'],
    ['a movement without id', sale({ id: '', quantity: 1 }), 'movementId'],
    ['a movement without time', { ...sale({ id: 's', quantity: 1 }), occurredAt: Number.NaN }, 'occurredAt'],
  ])('refuses %s with LEDGER.INVALID_MOVEMENT', (_label, movement, field) => {
    expect(codeAndField(movement)).toEqual({ code: 'LEDGER.INVALID_MOVEMENT', field });
  });

  it('names the movement, the field and the reason in the message', () => {
    expect(() => applyMovement(empty, sale({ id: 's-42', quantity: 0 }))).toThrow(
      'LEDGER.INVALID_MOVEMENT: sale movement s-42: quantity must be a positive whole number of units',
    );
  });

  it('refuses a movement for another balance with LEDGER.KEY_MISMATCH', () => {
    expect(codeAndField(sale({ id: 's', quantity: 1, locationId: WAREHOUSE })).code).toBe('LEDGER.KEY_MISMATCH');
  });

  it('refuses to push on hand beyond a safe integer with LEDGER.QUANTITY_OVERFLOW', () => {
    const huge = { ...empty, onHand: Number.MAX_SAFE_INTEGER - 1 };
    const error = thrownBy(() => applyMovement(huge, receipt({ id: 'r', quantity: 5, unitCost: '0' })));
    expect(error).toMatchObject({ code: 'LEDGER.QUANTITY_OVERFLOW', field: 'onHand' });
  });
});
