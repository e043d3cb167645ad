import { applyAllOnce, emptyLedger } from './index';
import { earlyArrivalUnits, earlyArrivalsIn } from './early-arrivals';
import { STORE, WAREHOUSE, receipt, sale, transferIn, transferShipped } from '../test/movement-builders';

describe('earlyArrivalsIn', () => {
  const history = [
    receipt({ id: 'r1', quantity: 5, unitCost: '1.00', locationId: STORE }),
    transferIn({ id: 'i1', quantity: 4, fromLocationId: WAREHOUSE, locationId: STORE, minute: 1 }),
    sale({ id: 's1', quantity: 2, locationId: STORE, minute: 2 }),
    receipt({ id: 'r2', quantity: 3, unitCost: '1.00', locationId: STORE, minute: 3 }),
    transferIn({ id: 'i2', quantity: 2, fromLocationId: WAREHOUSE, locationId: STORE, minute: 4 }),
    transferShipped({ id: 't1', quantity: 3, fromLocationId: WAREHOUSE, unitCost: '2.00', locationId: STORE, minute: 5 }),
  ];

  it('names each arrival by the balance version its transfer-in left, matched oldest first, aged by every rise of on hand after it', () => {
    const { entries } = applyAllOnce(emptyLedger(), history);
    // i1 (version 2) opened a hole of 4, i2 (version 5) 2 more; the shipment of 3 matched 3 of i1's.
    expect(earlyArrivalsIn(entries)).toEqual([
      { units: 1, arrivedSince: 5, version: 2 },
      { units: 2, arrivedSince: 0, version: 5 },
    ]);
  });

  it('gives the same arrivals from the rows committed before a batch as from the whole history', () => {
    const { entries } = applyAllOnce(emptyLedger(), history);
    for (let cut = 0; cut <= entries.length; cut += 1) {
      const committed = earlyArrivalsIn(entries.slice(0, cut));
      expect(earlyArrivalsIn(entries.slice(cut), committed)).toEqual(earlyArrivalsIn(entries));
    }
    expect(earlyArrivalUnits(earlyArrivalsIn(entries))).toBe(3);
  });
});
