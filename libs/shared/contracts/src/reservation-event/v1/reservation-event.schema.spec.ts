import { reservationEventKinds, reservationEventV1Examples, reservationEventV1Schema } from '../../index';
import { expectRejectedAt, expectValid, without } from '../../test-support/contract-assertions';

const granted = reservationEventV1Examples.granted;

describe('reservation event v1', () => {
  it.each(Object.entries(reservationEventV1Examples))('accepts the %s example', (_kind, example) => {
    expectValid(reservationEventV1Schema, example);
  });

  it('accepts every kind, with or without the movement that consumed it', () => {
    for (const kind of reservationEventKinds) expectValid(reservationEventV1Schema, { ...granted, kind });
    expectValid(reservationEventV1Schema, { ...granted, kind: 'consumed', movementId: 'pos:S001:T1:1' });
  });

  it('rejects unknown kinds, negative or fractional quantities, a negative reserved and missing figures', () => {
    expectRejectedAt(reservationEventV1Schema, { ...granted, kind: 'cancelled' }, ['kind']);
    expectRejectedAt(reservationEventV1Schema, { ...granted, quantity: -1, reservedAfter: 1.5 }, ['quantity', 'reservedAfter']);
    expectRejectedAt(reservationEventV1Schema, { ...granted, reservedAfter: -2 }, ['reservedAfter']);
    expectRejectedAt(reservationEventV1Schema, without(granted, 'availableAfter'), ['availableAfter']);
    expectRejectedAt(reservationEventV1Schema, { ...granted, sequence: 0 }, ['sequence']);
  });
});
