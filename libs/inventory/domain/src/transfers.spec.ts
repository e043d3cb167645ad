// Transfers end to end across two locations: out at the source, the derived shipment published
// to the destination's key, and the arrival there. Value is conserved across the system.
import { InMemoryLedger, LedgerError, applyAllOnce, applyMovement, balanceOf, emptyLedger } from './index';
import { SKU, STORE, WAREHOUSE, money, receipt, sale, thrownBy, transferIn, transferOut, transferShipped } from '../test/movement-builders';

const warehouse = (ledger: InMemoryLedger) => balanceOf(ledger, SKU, WAREHOUSE);
const store = (ledger: InMemoryLedger) => balanceOf(ledger, SKU, STORE);

/** Publishes what the ledger put in its outbox, as the service would, and applies it. */
const deliverOutbox = (ledger: InMemoryLedger) => applyAllOnce(ledger, ledger.outbox);

function shippedFromWarehouse(): InMemoryLedger {
  return applyAllOnce(emptyLedger(), [
    receipt({ id: 'r1', quantity: 10, unitCost: '2.00', locationId: WAREHOUSE }),
    receipt({ id: 'r2', quantity: 10, unitCost: '4.00', locationId: WAREHOUSE }),
    transferOut({ id: 't1', quantity: 4, locationId: WAREHOUSE, toLocationId: STORE, minute: 10 }),
  ]);
}

describe('transfer between a warehouse and a store', () => {
  it('takes units out of the source at average cost and queues the shipment for the destination', () => {
    const ledger = shippedFromWarehouse();
    expect(warehouse(ledger)).toMatchObject({ onHand: 16, inventoryValue: money('48'), averageUnitCost: money('3') });
    expect(store(ledger).version).toBe(0);
    expect(ledger.outbox).toMatchObject([
      {
        kind: 'transfer-shipped',
        movementId: 't1:shipped',
        locationId: STORE,
        fromLocationId: WAREHOUSE,
        quantity: 4,
        unitCost: money('3'),
        totalCost: money('12'),
      },
    ]);
  });

  it('puts the shipment in transit at the destination with the source cost', () => {
    const ledger = deliverOutbox(shippedFromWarehouse());
    expect(store(ledger)).toMatchObject({ onHand: 0, inTransit: 4, inTransitValue: money('12'), inventoryValue: 0n });
  });

  it('moves units and value from in transit to on hand on arrival', () => {
    const ledger = applyAllOnce(deliverOutbox(shippedFromWarehouse()), [
      transferIn({ id: 'i1', quantity: 4, fromLocationId: WAREHOUSE, minute: 90 }),
    ]);
    expect(store(ledger)).toMatchObject({ onHand: 4, inventoryValue: money('12'), averageUnitCost: money('3'), inTransit: 0, inTransitValue: 0n });
    const systemValue = warehouse(ledger).inventoryValue + store(ledger).inventoryValue + store(ledger).inTransitValue;
    expect(systemValue).toBe(money('60'));
  });

  it('handles a partial arrival, leaving the rest in transit at its cost', () => {
    const ledger = applyAllOnce(deliverOutbox(shippedFromWarehouse()), [
      transferIn({ id: 'i1', quantity: 3, fromLocationId: WAREHOUSE, minute: 90 }),
    ]);
    expect(store(ledger)).toMatchObject({ onHand: 3, inventoryValue: money('9'), inTransit: 1, inTransitValue: money('3') });
  });

  it('blends transferred stock into the destination average', () => {
    const ledger = applyAllOnce(deliverOutbox(shippedFromWarehouse()), [
      receipt({ id: 'r3', quantity: 4, unitCost: '5.00' }),
      transferIn({ id: 'i1', quantity: 4, fromLocationId: WAREHOUSE, minute: 90 }),
      sale({ id: 's1', quantity: 2, minute: 100 }),
    ]);
    expect(store(ledger)).toMatchObject({ onHand: 6, inventoryValue: money('24'), averageUnitCost: money('4') });
  });

  it('applies a re-published shipment and a redelivered transfer-out only once', () => {
    const once = deliverOutbox(shippedFromWarehouse());
    const twice = applyAllOnce(deliverOutbox(once), [transferOut({ id: 't1', quantity: 4, locationId: WAREHOUSE, toLocationId: STORE, minute: 10 })]);
    expect(twice.entries).toHaveLength(once.entries.length);
    expect(twice.outbox).toHaveLength(1);
    expect(store(twice)).toEqual(store(once));
    expect(warehouse(twice)).toEqual(warehouse(once));
  });
});

describe('arrival recorded before its shipment', () => {
  it('values the arrival at the destination average, then trues up the shelf when the shipment lands', () => {
    // The store holds 2 @ 5.00. Goods from the warehouse arrive before their shipment event.
    const early = applyAllOnce(emptyLedger(), [
      receipt({ id: 'r1', quantity: 2, unitCost: '5.00' }),
      transferIn({ id: 'i1', quantity: 4, fromLocationId: WAREHOUSE, minute: 60 }),
    ]);
    expect(store(early)).toMatchObject({ onHand: 6, inventoryValue: money('30'), inTransit: -4, inTransitValue: money('-20') });

    const shipment = transferShipped({ id: 't1:shipped', quantity: 4, fromLocationId: WAREHOUSE, unitCost: '3.00', totalCost: '12.00', minute: 10 });
    const landed = applyAllOnce(early, [shipment]);
    // The 4 units really cost 12.00, not 20.00: the shelf is 10.00 + 12.00 = 22.00.
    expect(store(landed)).toMatchObject({ onHand: 6, inventoryValue: money('22'), averageUnitCost: money('3.6667'), inTransit: 0, inTransitValue: 0n });
    expect(landed.entries.at(-1)?.outcome).toMatchObject({ valueDelta: money('-8'), inTransitValueDelta: money('20'), costOfGoodsSold: 0n });
  });

  it('sends the true-up to cost of goods sold when the early units have been sold', () => {
    const early = applyAllOnce(emptyLedger(), [
      transferIn({ id: 'i1', quantity: 4, fromLocationId: WAREHOUSE, minute: 60 }),
      sale({ id: 's1', quantity: 4, minute: 70 }),
    ]);
    // Nothing was ever costed here, so the estimate was 0.00 and the whole 12.00 is cost of sales.
    const landed = applyAllOnce(early, [transferShipped({ id: 't1:shipped', quantity: 4, fromLocationId: WAREHOUSE, unitCost: '3.00', minute: 10 })]);
    expect(landed.entries.at(-1)?.outcome).toMatchObject({ valueDelta: 0n, costOfGoodsSold: money('12') });
    expect(store(landed)).toMatchObject({ onHand: 0, inventoryValue: 0n, inTransit: 0, inTransitValue: 0n });
  });

  it('splits the true-up like a landed cost when most of the early units were sold: the shelf takes the share still held, first in first out', () => {
    // The store holds 10 @ 1.00; 10 arrive before their shipment (estimated at 1.00); 19 are sold.
    const early = applyAllOnce(emptyLedger(), [
      receipt({ id: 'r1', quantity: 10, unitCost: '1.00' }),
      transferIn({ id: 'i1', quantity: 10, fromLocationId: WAREHOUSE, minute: 60 }),
      sale({ id: 's1', quantity: 19, minute: 70 }),
    ]);
    expect(store(early)).toMatchObject({ onHand: 1, inventoryValue: money('1'), inTransit: -10, inTransitValue: money('-10') });

    const landed = applyAllOnce(early, [transferShipped({ id: 't1:shipped', quantity: 10, fromLocationId: WAREHOUSE, unitCost: '3.00', totalCost: '30.00', minute: 80 })]);
    // The 10 cost 30.00, not 10.00: of the 20.00, the one unit of them left takes 2.00, the 9 sold 18.00.
    expect(landed.entries.at(-1)?.outcome).toMatchObject({ valueDelta: money('2'), inTransitValueDelta: money('10'), costOfGoodsSold: money('18') });
    expect(store(landed)).toMatchObject({ onHand: 1, inventoryValue: money('3'), averageUnitCost: money('3'), inTransit: 0, inTransitValue: 0n });
  });

  it('counts units received after the early arrival as the newest on the shelf', () => {
    const early = applyAllOnce(emptyLedger(), [
      transferIn({ id: 'i1', quantity: 10, fromLocationId: WAREHOUSE, minute: 60 }),
      receipt({ id: 'r1', quantity: 6, unitCost: '2.00', minute: 65 }),
      sale({ id: 's1', quantity: 12, minute: 70 }),
    ]);
    // 4 on the shelf, all of them from the receipt (it came after the arrival): none of the early 10.
    const landed = applyAllOnce(early, [transferShipped({ id: 't1:shipped', quantity: 10, fromLocationId: WAREHOUSE, unitCost: '3.00', totalCost: '30.00', minute: 80 })]);
    expect(landed.entries.at(-1)?.outcome).toMatchObject({ valueDelta: 0n, costOfGoodsSold: money('30') });
    expect(store(landed)).toMatchObject({ onHand: 4, inTransit: 0, inTransitValue: 0n });
  });

  it('corrects the whole hole when a shipment fills part of it, and matches the oldest early arrival first', () => {
    const early = applyAllOnce(emptyLedger(), [
      receipt({ id: 'r1', quantity: 3, unitCost: '1.00' }),
      transferIn({ id: 'i1', quantity: 4, fromLocationId: WAREHOUSE, transferId: 'TR-1', minute: 60 }),
      transferIn({ id: 'i2', quantity: 6, fromLocationId: WAREHOUSE, transferId: 'TR-2', minute: 61 }),
      sale({ id: 's1', quantity: 8, minute: 70 }),
    ]);
    // Shelf: 5 units, the newest: the 5 last of i2's 6. In transit: -10 at 1.00.
    expect(store(early)).toMatchObject({ onHand: 5, inventoryValue: money('5'), inTransit: -10, inTransitValue: money('-10') });
    const first = applyAllOnce(early, [transferShipped({ id: 't1:shipped', quantity: 4, fromLocationId: WAREHOUSE, transferId: 'TR-1', unitCost: '2.50', totalCost: '10.00', minute: 80 })]);
    // All 10 units of the hole are now valued at 2.50 (true-up 15.00); 5 of the 10 are on the shelf: 7.50 each way.
    expect(first.entries.at(-1)?.outcome).toMatchObject({ valueDelta: money('7.5'), inTransitValueDelta: money('-5'), costOfGoodsSold: money('7.5') });
    expect(store(first)).toMatchObject({ onHand: 5, inventoryValue: money('12.5'), inTransit: -6, inTransitValue: money('-15') });
    // i1 is matched; the hole is i2's 6 units, 5 of them on the shelf. Their exact cost is 12.00, the estimate 15.00.
    const second = applyAllOnce(first, [transferShipped({ id: 't2:shipped', quantity: 6, fromLocationId: WAREHOUSE, transferId: 'TR-2', unitCost: '2.00', totalCost: '12.00', minute: 90 })]);
    expect(second.entries.at(-1)?.outcome).toMatchObject({ valueDelta: money('-2.5'), inTransitValueDelta: money('15'), costOfGoodsSold: money('-0.5') });
    expect(store(second)).toMatchObject({ onHand: 5, inventoryValue: money('10'), inTransit: 0, inTransitValue: 0n });
  });

  it('rounds the shelf share once, half to even, and books the residue as cost of goods sold', () => {
    const early = applyAllOnce(emptyLedger(), [
      receipt({ id: 'r1', quantity: 1, unitCost: '1.00' }),
      transferIn({ id: 'i1', quantity: 3, fromLocationId: WAREHOUSE, minute: 60 }),
      sale({ id: 's1', quantity: 3, minute: 70 }),
    ]);
    // True-up 1.0000 for 3 units, 1 of them on the shelf: 0.33333... rounds to 0.3333, 0.6667 to cost of goods sold.
    const landed = applyAllOnce(early, [transferShipped({ id: 't1:shipped', quantity: 3, fromLocationId: WAREHOUSE, unitCost: '1.3333', totalCost: '4.00', minute: 80 })]);
    expect(landed.entries.at(-1)?.outcome).toMatchObject({ valueDelta: money('0.3333'), costOfGoodsSold: money('0.6667') });
  });

  it('refuses a shipment into in transit below zero without its early arrivals (LEDGER.MISSING_CONTEXT)', () => {
    const early = applyAllOnce(emptyLedger(), [transferIn({ id: 'i1', quantity: 4, fromLocationId: WAREHOUSE, minute: 60 })]);
    const error = thrownBy(() => applyMovement(store(early), transferShipped({ id: 't1:shipped', quantity: 4, fromLocationId: WAREHOUSE, unitCost: '3.00', minute: 80 })));
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'LEDGER.MISSING_CONTEXT', field: 'earlyArrivals' });
  });

  it('uses quantity x unit cost when a shipment carries no total', () => {
    const ledger = applyAllOnce(emptyLedger(), [transferShipped({ id: 'x:shipped', quantity: 3, fromLocationId: WAREHOUSE, unitCost: '1.2345' })]);
    expect(store(ledger)).toMatchObject({ inTransit: 3, inTransitValue: money('3.7035') });
  });
});
