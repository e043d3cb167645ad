import { ReservationError } from '@ledgerline/inventory-domain';
import { replyTo, type ReservationDecisions } from './reservation-replies';

describe('replyTo', () => {
  const at = new Date('2026-12-06T10:00:00.000Z');
  const view = { reservationId: 'res_1', sku: 'TEA', locationId: 'S1', channel: 'default', quantity: 2, fulfilledQuantity: 0, openQuantity: 0, status: 'released' as const, expiresAt: '2026-12-06T11:00:00.000Z' };
  const decisions = (overrides: Partial<ReservationDecisions>): ReservationDecisions => ({
    reserve: () => Promise.reject(new Error('not expected')),
    reserveAcrossLocations: () => Promise.reject(new Error('not expected')),
    extend: () => Promise.reject(new Error('not expected')),
    release: () => Promise.reject(new Error('not expected')),
    fulfil: () => Promise.reject(new Error('not expected')),
    ...overrides,
  });

  it("reserves with the request's id as its idempotency key and the HTTP API's defaults", async () => {
    const reserve = jest.fn<ReturnType<ReservationDecisions['reserve']>, Parameters<ReservationDecisions['reserve']>>().mockResolvedValue({ idempotencyKey: 'o-1', channel: 'default', lines: [] });
    const reply = await replyTo({ action: 'reserve', requestId: 'o-1', lines: [{ sku: 'TEA', locationId: 'S1', quantity: 2 }] }, decisions({ reserve }), () => at);
    expect(reserve).toHaveBeenCalledWith('o-1', { channel: 'default', partial: false, expiresAt: undefined, lines: [{ sku: 'TEA', locationId: 'S1', quantity: 2 }] });
    expect(reply).toEqual({ requestId: 'o-1', action: 'reserve', outcome: 'done', lines: [], answeredAt: at.toISOString() });
  });

  it('answers a transition with the reservation after it, decided under the request id', async () => {
    const release = jest.fn<ReturnType<ReservationDecisions['release']>, Parameters<ReservationDecisions['release']>>().mockResolvedValue(view);
    const reply = await replyTo({ action: 'release', requestId: 'o-1:cancel', reservationId: 'res_1' }, decisions({ release }), () => at);
    expect(release).toHaveBeenCalledWith('res_1', { requestId: 'o-1:cancel' });
    expect(reply).toEqual({ requestId: 'o-1:cancel', action: 'release', outcome: 'done', reservation: view, answeredAt: at.toISOString() });
  });

  it('reserves across locations with the HTTP API\'s defaults, and answers the reservations taken', async () => {
    const open = { ...view, status: 'open' as const, openQuantity: 2, locationId: 'S2' };
    const reserveAcrossLocations = jest
      .fn<ReturnType<ReservationDecisions['reserveAcrossLocations']>, Parameters<ReservationDecisions['reserveAcrossLocations']>>()
      .mockResolvedValue({ idempotencyKey: 'o-4', sku: 'TEA', channel: 'default', rule: 'most-available', quantity: 2, granted: 2, reservations: [open] });
    const reply = await replyTo({ action: 'reserve-across-locations', requestId: 'o-4', sku: 'TEA', quantity: 2, region: 'north' }, decisions({ reserveAcrossLocations }), () => at);
    expect(reserveAcrossLocations).toHaveBeenCalledWith('o-4', { sku: 'TEA', quantity: 2, rule: 'most-available', partial: false, channel: 'default', region: 'north' });
    expect(reply).toEqual({
      requestId: 'o-4',
      action: 'reserve-across-locations',
      outcome: 'done',
      allocation: { sku: 'TEA', quantity: 2, granted: 2, rule: 'most-available', reservations: [open] },
      answeredAt: at.toISOString(),
    });
  });

  it('answers a refusal with its code, field, reason and figure, naming requestId where HTTP names the Idempotency-Key', async () => {
    const insufficient = () => Promise.reject(new ReservationError('RESERVATION.INSUFFICIENT_AVAILABLE', 'only 1 can be promised', 'lines[0].quantity', 1));
    expect(await replyTo({ action: 'reserve', requestId: 'o-2', lines: [] }, decisions({ reserve: insufficient }), () => at)).toEqual({
      requestId: 'o-2',
      action: 'reserve',
      outcome: 'refused',
      refusal: { code: 'RESERVATION.INSUFFICIENT_AVAILABLE', message: 'only 1 can be promised', field: 'lines[0].quantity', available: 1 },
      answeredAt: at.toISOString(),
    });
    const conflict = () => Promise.reject(new ReservationError('RESERVATION.IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used for another request', 'Idempotency-Key'));
    expect((await replyTo({ action: 'reserve', requestId: 'o-2', lines: [] }, decisions({ reserve: conflict }))).refusal).toMatchObject({ field: 'requestId' });
  });

  it('throws what is not a refusal, so the request is tried again rather than answered', async () => {
    const down = () => Promise.reject(Object.assign(new Error('connection terminated'), { code: '57P01' }));
    await expect(replyTo({ action: 'fulfil', requestId: 'o-3', reservationId: 'res_1' }, decisions({ fulfil: down }))).rejects.toThrow('connection terminated');
  });
});
