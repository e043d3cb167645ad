import { stockLevelV1Example, stockLevelV1Schema } from '../../index';
import { expectRejectedAt, expectValid, without } from '../../test-support/contract-assertions';

describe('stock-level v1', () => {
  it('accepts the example', () => {
    expectValid(stockLevelV1Schema, stockLevelV1Example);
  });

  it('rejects missing, extra and malformed fields', () => {
    expectRejectedAt(stockLevelV1Schema, without(stockLevelV1Example, 'lastMovementId'), ['lastMovementId']);
    expectRejectedAt(stockLevelV1Schema, { ...stockLevelV1Example, onHand: '40' }, ['onHand']);
    expectRejectedAt(stockLevelV1Schema, { ...stockLevelV1Example, inventoryValue: 298 }, ['inventoryValue']);
    expectRejectedAt(stockLevelV1Schema, { ...stockLevelV1Example, quantityDelta: -2 }, ['quantityDelta']);
    expectRejectedAt(stockLevelV1Schema, { ...stockLevelV1Example, reservationSequence: 0 }, ['reservationSequence']);
  });

  it('accepts the record of a reservation change', () => {
    expectValid(stockLevelV1Schema, { ...stockLevelV1Example, reserved: 3, available: 37, reservationSequence: 1042 });
  });
});
