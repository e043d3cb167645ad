// FIFO valuation worked by hand (docs/valuation.md, "FIFO layers"): layers consumed oldest first,
// negative stock and its true-up, transfers carrying their layers, returns, counts, landed costs
// against a receipt's layer, goods received before their shipment, and refusals.
import { Movement, StockBalance, TransferShippedMovement, applyFifoMovement, applyMovement, emptyBalance, landedCostVarianceId, shipmentMovementId, varianceAdjustmentId } from './index';
import { SKU, STORE, WAREHOUSE, adjustment, at, count, landedCost, money, orderPlaced, receipt, sale, saleReturn, thrownBy, transferIn, transferOut, transferShipped, voidOf } from '../test/movement-builders';
import { FifoKey, applyAllToFifoKey, emptyFifoKey } from '../test/fifo-key';

const run = (movements: Movement[], key: FifoKey = emptyFifoKey(SKU, STORE)) => {
  const ran = applyAllToFifoKey(key, movements);
  const outcomeOf = (id: string) => ran.entries.find((entry) => entry.movement.movementId === id)?.outcome;
  return { ...ran, outcomeOf };
};
const layer = (minute: number, units: number, value: string) => ({ receivedAt: at(minute), units, value: money(value) });

describe('FIFO: taking units out oldest first', () => {
  it('costs a sale from the oldest layers, each taken whole at its exact value, the rest from the next', () => {
    const key = run([receipt({ id: 'r1', quantity: 10, unitCost: '1.00' }), receipt({ id: 'r2', quantity: 10, unitCost: '2.00', minute: 1 }), sale({ id: 's1', quantity: 15, minute: 2 })]);
    expect(key.outcomeOf('s1')).toMatchObject({ costOfGoodsSold: money('20.00'), valueDelta: money('-20.00'), quantityDelta: -15 });
    expect(key.layers.onHand).toEqual([layer(1, 5, '10.00')]);
    expect(key.balance).toMatchObject({ onHand: 5, inventoryValue: money('10.00'), averageUnitCost: money('2.00') });
  });

  it('takes part of a layer at value left x k / units left, rounded once half to even, and leaves the residue in the layer', () => {
    const key = run([
      { ...receipt({ id: 'r1', quantity: 3, unitCost: '3.3333' }), totalCost: money('10.0000') },
      sale({ id: 's1', quantity: 1, minute: 1 }),
      sale({ id: 's2', quantity: 1, minute: 2 }),
      sale({ id: 's3', quantity: 1, minute: 3 }),
    ]);
    // 10 / 3 = 3.33333 -> 3.3333; then 6.6667 / 2 = 3.33335 -> 3.3334 (even); the last unit takes exactly what is left.
    expect(['s1', 's2', 's3'].map((id) => key.outcomeOf(id)?.costOfGoodsSold)).toEqual([money('3.3333'), money('3.3334'), money('3.3333')]);
    expect(key.balance).toMatchObject({ onHand: 0, inventoryValue: 0n });
    expect(key.layers.onHand).toEqual([]);
  });

  it('writes off (negative adjustment, negative count variance) oldest first, as a change of value and not a cost of goods sold', () => {
    const key = run([
      receipt({ id: 'r1', quantity: 4, unitCost: '1.00' }),
      receipt({ id: 'r2', quantity: 4, unitCost: '3.00', minute: 1 }),
      adjustment({ id: 'a1', quantity: -5, reasonCode: 'damaged', minute: 2 }),
      count({ id: 'c1', countedQuantity: 2, minute: 3 }),
    ]);
    expect(key.outcomeOf('a1')).toMatchObject({ valueDelta: money('-7.00'), costOfGoodsSold: 0n });
    expect(key.outcomeOf(varianceAdjustmentId('c1'))).toMatchObject({ quantityDelta: -1, valueDelta: money('-3.00'), costOfGoodsSold: 0n });
    expect(key.layers.onHand).toEqual([layer(1, 2, '6.00')]);
  });
});

describe('FIFO: receipts and merging', () => {
  it('opens a layer per receipt at its exact total, dated at the receipt, and merges it into the newest layer at exactly the same unit cost', () => {
    const key = run([
      receipt({ id: 'r1', quantity: 2, unitCost: '1.50' }),
      receipt({ id: 'r2', quantity: 4, unitCost: '1.50', minute: 1 }),
      receipt({ id: 'r3', quantity: 1, unitCost: '2.00', minute: 2 }),
      orderPlaced({ id: 'o1', quantity: 3, minute: 3 }),
    ]);
    expect(key.layers.onHand).toEqual([layer(0, 6, '9.00'), layer(2, 1, '2.00')]);
    expect(key.balance).toMatchObject({ onHand: 7, inventoryValue: money('11.00'), onOrder: 3, version: 4 });
  });
});

describe('FIFO: negative stock', () => {
  it('costs units sold beyond the layers at the newest layer\'s unit cost, and trues them up when stock arrives', () => {
    const key = run([
      receipt({ id: 'r1', quantity: 2, unitCost: '1.00' }),
      receipt({ id: 'r2', quantity: 2, unitCost: '3.00', minute: 1 }),
      sale({ id: 's1', quantity: 7, minute: 2 }),
      receipt({ id: 'r3', quantity: 5, unitCost: '4.00', minute: 3 }),
    ]);
    expect(key.outcomeOf('s1')?.costOfGoodsSold).toBe(money('17.00')); // 2.00 + 6.00 + 3 x 3.00
    expect(key.outcomeOf('s1')?.balance).toMatchObject({ onHand: -3, inventoryValue: money('-9.00'), averageUnitCost: money('3.00') });
    // The 3 units sold short cost 4.00, not 3.00: a true-up of 3.00; the 2 left open a layer.
    expect(key.outcomeOf('r3')).toMatchObject({ costOfGoodsSold: money('3.00'), valueDelta: money('17.00') });
    expect(key.layers.onHand).toEqual([layer(3, 2, '8.00')]);
  });

  it('re-bases a hole wider than the receipt at the receipt\'s unit cost, which becomes the last cost', () => {
    // Sold before any cost was known (at zero); the receipt costs all 5 units sold short at 1.25.
    const key = run([sale({ id: 's1', quantity: 5 }), receipt({ id: 'r1', quantity: 2, unitCost: '1.25', minute: 1 })]);
    expect(key.outcomeOf('r1')).toMatchObject({ costOfGoodsSold: money('6.25'), valueDelta: money('-3.75') });
    expect(key.balance).toMatchObject({ onHand: -3, inventoryValue: money('-3.75'), averageUnitCost: money('1.25') });
    expect(key.layers.onHand).toEqual([]);
  });
});

describe('FIFO: returns and voids', () => {
  it('brings a return back at the last cost (the newest layer\'s unit cost) as a layer dated at the return', () => {
    const key = run([
      receipt({ id: 'r1', quantity: 5, unitCost: '1.00' }),
      receipt({ id: 'r2', quantity: 5, unitCost: '2.00', minute: 1 }),
      sale({ id: 's1', quantity: 3, minute: 2 }),
      saleReturn({ id: 'ret1', quantity: 1, minute: 3 }),
      voidOf({ id: 'v1', quantity: 1, voidedKind: 'return', minute: 4 }),
    ]);
    expect(key.outcomeOf('s1')?.costOfGoodsSold).toBe(money('3.00'));
    expect(key.outcomeOf('ret1')?.costOfGoodsSold).toBe(money('-2.00'));
    // The returned unit, at 2.00 like the newest layer, merged into it; the void takes the oldest unit.
    expect(key.outcomeOf('v1')?.costOfGoodsSold).toBe(money('1.00'));
    expect(key.layers.onHand).toEqual([layer(0, 1, '1.00'), layer(1, 6, '12.00')]);
  });
});

describe('FIFO: transfers carry their layers', () => {
  const source = () =>
    run(
      [
        receipt({ id: 'r1', quantity: 4, unitCost: '1.00', locationId: WAREHOUSE }),
        receipt({ id: 'r2', quantity: 6, unitCost: '2.00', locationId: WAREHOUSE, minute: 1 }),
        transferOut({ id: 't1', quantity: 5, toLocationId: STORE, locationId: WAREHOUSE, minute: 2 }),
      ],
      emptyFifoKey(SKU, WAREHOUSE),
    );

  it('derives a shipment whose layers (units, exact totals, receipt dates) add up exactly to what the source lost', () => {
    const shipment = source().outbound[0] as TransferShippedMovement;
    expect(shipment).toMatchObject({ movementId: shipmentMovementId('t1'), locationId: STORE, quantity: 5, totalCost: money('6.00'), unitCost: money('1.20') });
    expect(shipment.layers).toEqual([
      { units: 4, totalCost: money('4.00'), receivedAt: at(0) },
      { units: 1, totalCost: money('2.00'), receivedAt: at(1) },
    ]);
    expect(source().outcomeOf('t1')?.valueDelta).toBe(money('-6.00'));
  });

  it('opens one layer per carried element at the destination, in transit then on the shelf, keeping their receipt dates', () => {
    const shipment = source().outbound[0] as TransferShippedMovement;
    const store = run([receipt({ id: 'r9', quantity: 1, unitCost: '5.00' }), shipment, transferIn({ id: 'ti1', quantity: 5, fromLocationId: WAREHOUSE, minute: 3 })]);
    expect(store.outcomeOf(shipment.movementId)).toMatchObject({ inTransitDelta: 5, inTransitValueDelta: money('6.00') });
    expect(store.outcomeOf('ti1')).toMatchObject({ valueDelta: money('6.00'), inTransitValueDelta: money('-6.00'), costOfGoodsSold: 0n });
    expect(store.layers).toEqual({ onHand: [layer(0, 1, '5.00'), layer(0, 4, '4.00'), layer(1, 1, '2.00')], inTransit: [] });
  });

  it('opens one layer dated at the shipment when the source sent none (a source valued at average cost)', () => {
    const store = run([transferShipped({ id: 'sh1', quantity: 3, fromLocationId: WAREHOUSE, unitCost: '3.3333', totalCost: '10.0000', minute: 4 })]);
    expect(store.layers.inTransit).toEqual([layer(4, 3, '10.0000')]);
  });

  it('costs units shipped beyond the layers at the last cost, dated at the transfer', () => {
    const key = run([receipt({ id: 'r1', quantity: 2, unitCost: '1.50' }), transferOut({ id: 't1', quantity: 3, toLocationId: WAREHOUSE, minute: 5 })]);
    expect((key.outbound[0] as TransferShippedMovement).layers).toEqual([
      { units: 2, totalCost: money('3.00'), receivedAt: at(0) },
      { units: 1, totalCost: money('1.50'), receivedAt: at(5) },
    ]);
    expect(key.balance).toMatchObject({ onHand: -1, inventoryValue: money('-1.50') });
  });

  it('lets a destination valued at average book the shipment\'s exact total and ignore its layers', () => {
    const shipment = source().outbound[0] as TransferShippedMovement;
    const outcome = applyMovement(emptyBalance(SKU, STORE), shipment);
    expect(outcome).toMatchObject({ inTransitDelta: 5, inTransitValueDelta: money('6.00') });
  });

  it('refuses a shipment whose layers do not add up to it', () => {
    const shipment: TransferShippedMovement = {
      ...transferShipped({ id: 'sh1', quantity: 3, fromLocationId: WAREHOUSE, unitCost: '1.00', totalCost: '3.00' }),
      layers: [{ units: 3, totalCost: money('2.99'), receivedAt: at(0) }],
    };
    expect(thrownBy(() => applyFifoMovement(emptyBalance(SKU, STORE), { onHand: [], inTransit: [] }, shipment))).toMatchObject({ code: 'LEDGER.INVALID_MOVEMENT', field: 'layers' });
  });
});

describe('FIFO: landed costs and cost corrections revalue their receipt\'s layer', () => {
  it('revalues the receipt\'s units still held in its layer and sends the share of units gone to a variance', () => {
    const key = run([
      receipt({ id: 'r1', quantity: 10, unitCost: '1.00' }),
      receipt({ id: 'r2', quantity: 10, unitCost: '2.00', minute: 1 }),
      sale({ id: 's1', quantity: 5, minute: 2 }),
      landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '4.00', minute: 3 }),
    ]);
    expect(key.outcomeOf('lc1')).toMatchObject({ valueDelta: money('2.00'), costOfGoodsSold: 0n });
    expect(key.outcomeOf(landedCostVarianceId('lc1'))).toMatchObject({ costOfGoodsSold: money('2.00') });
    expect(key.layers.onHand).toEqual([layer(0, 5, '7.00'), layer(1, 10, '20.00')]);
  });

  it('splits a merged layer so that only the receipt\'s units take the cost', () => {
    const key = run([
      receipt({ id: 'r1', quantity: 3, unitCost: '1.00' }),
      receipt({ id: 'r2', quantity: 4, unitCost: '1.00', minute: 1 }),
      receipt({ id: 'r3', quantity: 3, unitCost: '1.00', minute: 2 }),
      landedCost({ id: 'lc1', receiptMovementId: 'r2', amount: '1.00', costType: 'duty', minute: 3 }),
    ]);
    expect(key.layers.onHand).toEqual([layer(0, 3, '3.00'), layer(0, 4, '5.00'), layer(0, 3, '3.00')]);
    expect(key.entries.map((entry) => entry.movement.kind)).not.toContain('landed-cost-variance');
  });

  it('rounds the held part once, half to even, and never takes a layer below zero on a lowering correction', () => {
    const rounded = run([receipt({ id: 'r1', quantity: 7, unitCost: '1.00' }), sale({ id: 's1', quantity: 4, minute: 1 }), landedCost({ id: 'lc1', receiptMovementId: 'r1', amount: '1.00', minute: 2 })]);
    expect(rounded.outcomeOf('lc1')?.valueDelta).toBe(money('0.4286'));
    expect(rounded.outcomeOf(landedCostVarianceId('lc1'))?.costOfGoodsSold).toBe(money('0.5714'));

    const lowered = run([
      receipt({ id: 'r1', quantity: 2, unitCost: '5.00' }),
      receipt({ id: 'r2', quantity: 2, unitCost: '0.10', minute: 1 }),
      landedCost({ id: 'lc1', receiptMovementId: 'r2', amount: '-0.20', costType: 'price-correction', minute: 2 }),
      landedCost({ id: 'lc2', receiptMovementId: 'r1', amount: '-10.00', costType: 'price-correction', minute: 3 }),
    ]);
    expect(lowered.layers.onHand).toEqual([layer(0, 2, '0'), layer(1, 2, '0')]);
    expect(lowered.balance.inventoryValue).toBe(0n);
  });

  it('refuses a landed cost naming no receipt of the key', () => {
    expect(thrownBy(() => run([landedCost({ id: 'lc1', receiptMovementId: 'nope', amount: '1.00' })]))).toMatchObject({ code: 'LEDGER.UNKNOWN_RECEIPT' });
  });
});

describe('FIFO: goods received before their shipment', () => {
  it('puts the early arrival on the shelf at the last cost and corrects its units still held when the shipment comes', () => {
    const key = run([
      receipt({ id: 'r1', quantity: 10, unitCost: '1.00' }),
      transferIn({ id: 'ti1', quantity: 5, fromLocationId: WAREHOUSE, minute: 1 }),
      sale({ id: 's1', quantity: 12, minute: 2 }),
      transferShipped({ id: 'sh1', quantity: 5, fromLocationId: WAREHOUSE, unitCost: '3.00', minute: 3 }),
    ]);
    expect(key.outcomeOf('ti1')).toMatchObject({ inTransitDelta: -5, inTransitValueDelta: money('-5.00'), valueDelta: money('5.00') });
    // 10.00 more than estimated for 5 units, 3 of them still held: the layer takes 6.00, 4.00 is cost of goods sold.
    expect(key.outcomeOf('sh1')).toMatchObject({ valueDelta: money('6.00'), costOfGoodsSold: money('4.00'), inTransitValueDelta: money('5.00') });
    expect(key.layers).toEqual({ onHand: [layer(0, 3, '9.00')], inTransit: [] });
  });
});

describe('FIFO: the layers must agree with the balance', () => {
  it('refuses layers that do not add up to the balance rather than value on from them', () => {
    const balance: StockBalance = { ...emptyBalance(SKU, STORE), onHand: 2, inventoryValue: money('3.00'), averageUnitCost: money('1.50') };
    expect(() => applyFifoMovement(balance, { onHand: [layer(0, 2, '3.01')], inTransit: [] }, sale({ id: 's1', quantity: 1 }))).toThrow(/worth 30100, the balance records 30000/);
    expect(() => applyFifoMovement(balance, { onHand: [], inTransit: [] }, sale({ id: 's1', quantity: 1 }))).toThrow(/needs layers/);
  });
});
