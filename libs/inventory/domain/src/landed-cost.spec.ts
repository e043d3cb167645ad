// Landed costs worked by hand: the receipt's units still on the shelf (first in, first out) take
// their share of the amount into the shelf value, the rest becomes a cost-of-goods variance of its
// own, and the two add up to the amount to the ten-thousandth.
import { LedgerError, Movement, applyAllOnce, balanceOf, emptyLedger, landedCostVarianceId, receiptUnitsOnHand } from './index';
import { SKU, STORE, WAREHOUSE, adjustment, landedCost, money, receipt, sale, thrownBy, transferOut } from '../test/movement-builders';

function run(movements: Movement[]) {
  const ledger = applyAllOnce(emptyLedger(), movements);
  const entryOf = (id: string) => ledger.entries.find((entry) => entry.movement.movementId === id);
  return { ledger, balance: balanceOf(ledger, SKU, STORE), entryOf };
}

describe('a landed cost against a receipt', () => {
  it('revalues the share of the receipt still on hand and books the share sold as a variance', () => {
    const { balance, entryOf } = run([
      receipt({ id: 'r1', quantity: 10, unitCost: '2.00' }),
      sale({ id: 's1', quantity: 4, minute: 1 }),
      landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '5.00', minute: 2 }),
    ]);
    expect(entryOf('lc1')?.outcome).toMatchObject({ valueDelta: money('3.00'), costOfGoodsSold: 0n, quantityDelta: 0 });
    expect(entryOf(landedCostVarianceId('lc1'))?.movement).toMatchObject({ kind: 'landed-cost-variance', amount: money('2.00'), causedByMovementId: 'lc1' });
    expect(entryOf(landedCostVarianceId('lc1'))?.outcome).toMatchObject({ valueDelta: 0n, costOfGoodsSold: money('2.00') });
    expect(balance).toMatchObject({ onHand: 6, inventoryValue: money('15.00'), averageUnitCost: money('2.50'), version: 4 });
  });

  it('takes the whole amount into the shelf when every unit of the receipt is still there, and derives nothing', () => {
    const { ledger, balance } = run([receipt({ id: 'r1', quantity: 10, unitCost: '2.00' }), landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '-1.50', costType: 'price-correction' })]);
    expect(balance.inventoryValue).toBe(money('18.50'));
    expect(ledger.entries.map((entry) => entry.movement.kind)).toEqual(['receipt', 'landed-cost']);
  });

  it('counts the newest units as those on the shelf: units that arrived after the receipt are not the receipt\'s', () => {
    const { entryOf } = run([
      receipt({ id: 'r1', quantity: 10, unitCost: '1.00' }),
      receipt({ id: 'r2', quantity: 10, unitCost: '1.00', minute: 1 }),
      sale({ id: 's1', quantity: 5, minute: 2 }),
      adjustment({ id: 'a1', quantity: 2, reasonCode: 'found', minute: 3 }),
      landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '10.00', minute: 4 }),
    ]);
    // On hand 17, of which the 12 that arrived after r1 are newer: 5 of r1's 10 units remain.
    expect(entryOf('lc1')?.outcome.valueDelta).toBe(money('5.00'));
    expect(entryOf(landedCostVarianceId('lc1'))?.outcome.costOfGoodsSold).toBe(money('5.00'));
  });

  it('rounds the shelf part once, half to even, and gives the variance exactly the rest', () => {
    const { entryOf } = run([
      receipt({ id: 'r1', quantity: 7, unitCost: '1.00' }),
      sale({ id: 's1', quantity: 4, minute: 1 }),
      landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '1.00', minute: 2 }),
    ]);
    expect(entryOf('lc1')?.outcome.valueDelta).toBe(money('0.4286'));
    expect(entryOf(landedCostVarianceId('lc1'))?.outcome.costOfGoodsSold).toBe(money('0.5714'));
  });

  it('books it all as a variance when the key is at or below zero, and for units moved to another location', () => {
    const negative = run([receipt({ id: 'r1', quantity: 2, unitCost: '3.00' }), sale({ id: 's1', quantity: 5 }), landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '0.60' })]);
    expect(negative.entryOf('lc1')?.outcome.valueDelta).toBe(0n);
    expect(negative.entryOf(landedCostVarianceId('lc1'))?.outcome.costOfGoodsSold).toBe(money('0.60'));
    expect(negative.balance.inventoryValue).toBe(money('-9.00'));

    const moved = run([
      receipt({ id: 'r1', quantity: 4, unitCost: '3.00' }),
      transferOut({ id: 't1', quantity: 4, toLocationId: WAREHOUSE }),
      landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '2.00' }),
    ]);
    expect(moved.entryOf(landedCostVarianceId('lc1'))?.outcome.costOfGoodsSold).toBe(money('2.00'));
  });

  it('gives the part of the receipt that filled negative stock to the variance', () => {
    const { entryOf } = run([sale({ id: 's1', quantity: 3 }), receipt({ id: 'r1', quantity: 10, unitCost: '1.00', minute: 1 }), landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '1.00', minute: 2 })]);
    expect(entryOf('lc1')?.outcome.valueDelta).toBe(money('0.70'));
    expect(entryOf(landedCostVarianceId('lc1'))?.outcome.costOfGoodsSold).toBe(money('0.30'));
  });

  it('never takes the shelf below zero: a correction it cannot absorb goes to the variance', () => {
    const { balance, entryOf } = run([
      receipt({ id: 'r0', quantity: 1, unitCost: '0.00' }),
      receipt({ id: 'r1', quantity: 1, unitCost: '4.00', minute: 1 }),
      sale({ id: 's1', quantity: 1, minute: 2 }),
      landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '-4.00', costType: 'price-correction', minute: 3 }),
    ]);
    // The shelf holds r1's unit at 2.00 (the average); r1's share is the whole -4.00, the shelf absorbs -2.00.
    expect(entryOf('lc1')?.outcome.valueDelta).toBe(money('-2.00'));
    expect(entryOf(landedCostVarianceId('lc1'))?.outcome.costOfGoodsSold).toBe(money('-2.00'));
    expect(balance.inventoryValue).toBe(0n);
  });

  it('is applied once however often it is delivered', () => {
    const movements = [receipt({ id: 'r1', quantity: 10, unitCost: '2.00' }), sale({ id: 's1', quantity: 4 }), landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '5.00' })];
    const once = applyAllOnce(emptyLedger(), movements);
    const twice = applyAllOnce(once, [movements[2]!, movements[2]!]);
    expect(twice.entries).toEqual(once.entries);
    expect(twice.balances).toEqual(once.balances);
  });
});

describe('refused landed costs', () => {
  const codeOf = (movements: Movement[]) => {
    const error = thrownBy(() => run(movements));
    return error instanceof LedgerError ? [error.code, error.field] : error;
  };

  it('an unknown receipt, or a movement that is not a receipt, or a receipt of another key', () => {
    expect(codeOf([landedCost({ id: 'lc1', receiptMovementId: 'nope', amount: '1.00' })])).toEqual(['LEDGER.UNKNOWN_RECEIPT', 'receiptMovementId']);
    expect(codeOf([sale({ id: 's1', quantity: 1 }), landedCost({ id: 'lc1', receiptMovementId: 's1', amount: '1.00' })])).toEqual(['LEDGER.UNKNOWN_RECEIPT', 'receiptMovementId']);
    expect(
      codeOf([receipt({ id: 'r1', quantity: 1, unitCost: '1.00', locationId: WAREHOUSE }), landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '1.00' })]),
    ).toEqual(['LEDGER.UNKNOWN_RECEIPT', 'receiptMovementId']);
  });

  it('an amount of zero, beyond the largest amount, or a correction larger than what the receipt cost', () => {
    const r1 = receipt({ id: 'r1', quantity: 2, unitCost: '3.00' });
    expect(codeOf([r1, landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '0' })])).toEqual(['LEDGER.INVALID_MOVEMENT', 'amount']);
    expect(codeOf([r1, { ...landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '1' }), amount: 10n ** 19n }])).toEqual(['LEDGER.COST_OUT_OF_RANGE', 'amount']);
    expect(codeOf([r1, landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '-6.0001' })])).toEqual(['LEDGER.COST_OUT_OF_RANGE', 'amount']);
    expect(codeOf([r1, landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '1', costType: 'tips' })])).toEqual(['LEDGER.INVALID_MOVEMENT', 'costType']);
  });
});

describe('receiptUnitsOnHand', () => {
  it('is on hand less what arrived since, within zero and the receipt quantity', () => {
    const basis = { receiptQuantity: 10, receiptCost: 0n, arrivedSince: 5 };
    expect([-3, 0, 4, 5, 9, 15, 40].map((onHand) => receiptUnitsOnHand(onHand, basis))).toEqual([0, 0, 0, 0, 4, 10, 10]);
  });
});
