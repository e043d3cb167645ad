import { isNewerStockLevel } from '../../index';

describe('isNewerStockLevel', () => {
  it('orders by balance version first, whatever the reservation sequence', () => {
    expect(isNewerStockLevel({ balanceVersion: 6 }, { balanceVersion: 5, reservationSequence: 900 })).toBe(true);
    expect(isNewerStockLevel({ balanceVersion: 5, reservationSequence: 900 }, { balanceVersion: 6 })).toBe(false);
  });

  it('puts a reservation change after the movement of the same version', () => {
    expect(isNewerStockLevel({ balanceVersion: 5, reservationSequence: 1 }, { balanceVersion: 5 })).toBe(true);
    expect(isNewerStockLevel({ balanceVersion: 5 }, { balanceVersion: 5, reservationSequence: 1 })).toBe(false);
  });

  it('orders reservation changes of one version by their sequence', () => {
    expect(isNewerStockLevel({ balanceVersion: 5, reservationSequence: 12 }, { balanceVersion: 5, reservationSequence: 11 })).toBe(true);
    expect(isNewerStockLevel({ balanceVersion: 5, reservationSequence: 11 }, { balanceVersion: 5, reservationSequence: 12 })).toBe(false);
  });

  it('does not call the same state newer', () => {
    expect(isNewerStockLevel({ balanceVersion: 5 }, { balanceVersion: 5 })).toBe(false);
    expect(isNewerStockLevel({ balanceVersion: 5, reservationSequence: 3 }, { balanceVersion: 5, reservationSequence: 3 })).toBe(false);
  });
});
