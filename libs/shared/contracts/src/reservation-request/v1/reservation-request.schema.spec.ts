import { reservationReplyV1Examples, reservationReplyV1Schema, reservationRequestV1Examples, reservationRequestV1Schema } from '../../index';
import { expectRejectedAt, expectValid } from '../../test-support/contract-assertions';

describe('reservation request and reply v1', () => {
  it.each(Object.entries(reservationRequestV1Examples))('accepts the %s request example', (_name, example) => {
    expectValid(reservationRequestV1Schema, example);
  });

  it.each(Object.entries(reservationReplyV1Examples))('accepts the %s reply example', (_name, example) => {
    expectValid(reservationReplyV1Schema, example);
  });

  it('accepts each action with what it needs, and leaves quantities to the ledger to judge', () => {
    const reservationId = 'res_6f1c2a0e-3d4b-4c8e-9a51-2b7d8e0f4c13';
    expectValid(reservationRequestV1Schema, { action: 'extend', requestId: 'r-1', reservationId, expiresAt: '2025-03-01T10:00:00.000Z' });
    expectValid(reservationRequestV1Schema, { action: 'fulfil', requestId: 'r-2', reservationId });
    expectValid(reservationRequestV1Schema, { action: 'fulfil', requestId: 'r-3', reservationId, quantity: 1 });
    // Zero units is the ledger's refusal (RESERVATION.INVALID_REQUEST on its field), as over HTTP.
    expectValid(reservationRequestV1Schema, { action: 'reserve', requestId: 'r-4', lines: [{ sku: 'TEA', locationId: 'S1', quantity: 0 }] });
  });

  it('refuses an unknown action, a missing or unreadable request id, a reservation id on a reserve and a time that is not one', () => {
    const reserve = reservationRequestV1Examples.reserve;
    expectRejectedAt(reservationRequestV1Schema, { ...reserve, action: 'cancel' }, ['action']);
    expectRejectedAt(reservationRequestV1Schema, { ...reserve, requestId: 'has space' }, ['requestId']);
    expectRejectedAt(reservationRequestV1Schema, { ...reserve, requestId: 'x'.repeat(201) }, ['requestId']);
    expectRejectedAt(reservationRequestV1Schema, { ...reserve, reservationId: 'res_1' }, ['reservationId']);
    expectRejectedAt(reservationRequestV1Schema, { ...reserve, expiresAt: 'tomorrow' }, ['expiresAt']);
    expectRejectedAt(reservationRequestV1Schema, { action: 'release', requestId: 'r-5' }, ['reservationId']);
    const across = reservationRequestV1Examples['reserve-across-locations'];
    expectRejectedAt(reservationRequestV1Schema, { ...across, rule: 'cheapest' }, ['rule']);
    expectRejectedAt(reservationRequestV1Schema, { ...across, lines: [] }, ['lines']);
  });

  it('refuses a reply whose refusal is not a reservation code or whose outcome is unknown', () => {
    const refused = reservationReplyV1Examples.insufficient;
    expectRejectedAt(reservationReplyV1Schema, { ...refused, refusal: { ...refused.refusal, code: 'LEDGER.CONFLICT' } }, ['refusal.code']);
    expectRejectedAt(reservationReplyV1Schema, { ...refused, outcome: 'maybe' }, ['outcome']);
  });
});
