// The reservation lifecycle against a plain model: random sequences of reserve, extend, release,
// fulfil, expiry, sales with and without a reservation and receipts, applied to the store built
// from the domain rules and to a model written independently of them. After every step both agree
// on each reservation and on reserved, and no grant promises more than was available.
import fc from 'fast-check';
import { InMemoryReservations } from './in-memory-reservations';
import { ReservationError } from './reservation-error';

const SKU = 'TEA';
const LOC = 'S1';
const CHANNEL = 'web';
const HOLD = 1000;

type Action =
  | { kind: 'reserve'; quantity: number; partial: boolean; hold?: number; key: number }
  | { kind: 'extend'; pick: number; by: number }
  | { kind: 'release'; pick: number }
  | { kind: 'fulfil'; pick: number; quantity?: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'sale'; quantity: number; pick?: number }
  | { kind: 'receipt'; quantity: number };

const actions: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('reserve' as const), quantity: fc.integer({ min: 1, max: 8 }), partial: fc.boolean(), hold: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined }), key: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('extend' as const), pick: fc.nat(), by: fc.integer({ min: -500, max: 2000 }) }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('fulfil' as const), pick: fc.nat(), quantity: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }) }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 1500 }) }),
  fc.record({ kind: fc.constant('sale' as const), quantity: fc.integer({ min: 1, max: 6 }), pick: fc.option(fc.nat(), { nil: undefined }) }),
  fc.record({ kind: fc.constant('receipt' as const), quantity: fc.integer({ min: 1, max: 10 }) }),
);

interface ModelReservation {
  id: string;
  quantity: number;
  taken: number;
  state: 'open' | 'released' | 'expired' | 'fulfilled';
  expiresAt: number;
}

/** Written from the words, not from the rules under test. */
class Model {
  onHand = 0;
  held: ModelReservation[] = [];
  grantedByKey = new Map<number, string>();
  constructor(readonly buffer: number) {}
  reserved(): number {
    return this.held.filter((r) => r.state === 'open').reduce((sum, r) => sum + r.quantity - r.taken, 0);
  }
  available(): number {
    return this.onHand - this.reserved() - this.buffer;
  }
  refusalOf(r: ModelReservation | undefined, now: number): string | undefined {
    if (!r) return 'RESERVATION.UNKNOWN';
    if (r.state !== 'open') return `RESERVATION.${r.state.toUpperCase()}`;
    if (r.expiresAt <= now) return 'RESERVATION.EXPIRED';
    return undefined;
  }
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof ReservationError) return error.code;
    throw error;
  }
}

describe('reservation lifecycle against a model', () => {
  it('agrees with the model on every step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 20 }), fc.array(actions, { maxLength: 60 }), (buffer, initial, steps) => {
        const store = new InMemoryReservations(HOLD);
        const model = new Model(buffer);
        store.setBuffer(SKU, LOC, CHANNEL, buffer);
        store.receive(SKU, LOC, initial);
        model.onHand = initial;
        let now = 0;
        const pickOf = (pick: number) => model.held[pick % Math.max(1, model.held.length)];
        for (const step of steps) {
          switch (step.kind) {
            case 'reserve': {
              const idempotencyKey = `k${step.key}`;
              const request = { channel: CHANNEL, lines: [{ sku: SKU, locationId: LOC, quantity: step.quantity }], partial: step.partial, expiresAt: step.hold === undefined ? undefined : now + step.hold };
              const earlier = model.grantedByKey.get(step.key);
              let outcome: ReturnType<InMemoryReservations['reserve']> | undefined;
              const code = codeOf(() => (outcome = store.reserve(idempotencyKey, request, now)));
              if (earlier !== undefined) {
                // Same key: the same request answers the same grant, another one is a conflict.
                if (earlier === JSON.stringify(request)) expect(code).toBeUndefined();
                else expect(code).toBe('RESERVATION.IDEMPOTENCY_CONFLICT');
                break;
              }
              if (model.available() >= step.quantity) {
                expect(code).toBeUndefined();
                const line = outcome!.lines[0]!;
                expect(line.granted).toBe(true);
                // A grant never promises more than there was: what is left to promise stays >= 0.
                expect(model.available() - step.quantity).toBeGreaterThanOrEqual(0);
                if (line.granted) model.held.push({ id: line.reservation.reservationId, quantity: step.quantity, taken: 0, state: 'open', expiresAt: now + (step.hold ?? HOLD) });
                model.grantedByKey.set(step.key, JSON.stringify(request));
              } else if (step.partial) {
                expect(outcome!.lines[0]).toMatchObject({ granted: false, available: model.available() });
              } else {
                expect(code).toBe('RESERVATION.INSUFFICIENT_AVAILABLE');
              }
              break;
            }
            case 'extend': {
              const r = pickOf(step.pick);
              const refusal = model.refusalOf(r, now) ?? (step.by <= 0 ? 'RESERVATION.INVALID_REQUEST' : undefined);
              expect(codeOf(() => store.extend(r?.id ?? 'none', now + step.by, now))).toBe(refusal);
              if (!refusal) r!.expiresAt = now + step.by;
              break;
            }
            case 'release': {
              const r = pickOf(step.pick);
              const refusal = model.refusalOf(r, now);
              expect(codeOf(() => store.release(r?.id ?? 'none', now))).toBe(refusal);
              if (!refusal) r!.state = 'released';
              break;
            }
            case 'fulfil': {
              const r = pickOf(step.pick);
              const left = r ? r.quantity - r.taken : 0;
              const refusal = model.refusalOf(r, now) ?? (step.quantity !== undefined && step.quantity > left ? 'RESERVATION.INVALID_REQUEST' : undefined);
              expect(codeOf(() => store.fulfil(r?.id ?? 'none', step.quantity, now))).toBe(refusal);
              if (!refusal) {
                r!.taken += step.quantity ?? left;
                if (r!.taken === r!.quantity) r!.state = 'fulfilled';
              }
              break;
            }
            case 'tick': {
              now += step.ms;
              const expired = store.expireDue(now);
              const due = model.held.filter((r) => r.state === 'open' && r.expiresAt <= now);
              expect(expired.map((r) => r.reservationId).sort()).toEqual(due.map((r) => r.id).sort());
              for (const r of due) r.state = 'expired';
              // Exactly once: a second pass at the same time expires nothing more.
              expect(store.expireDue(now)).toEqual([]);
              break;
            }
            case 'sale': {
              const r = step.pick === undefined ? undefined : pickOf(step.pick);
              const consumed = store.sell(SKU, LOC, step.quantity, r?.id);
              model.onHand -= step.quantity;
              const expected = r && r.state === 'open' ? Math.min(step.quantity, r.quantity - r.taken) : 0;
              expect(consumed).toBe(expected);
              if (r && expected > 0) {
                r.taken += expected;
                if (r.taken === r.quantity) r.state = 'fulfilled';
              }
              break;
            }
            case 'receipt':
              store.receive(SKU, LOC, step.quantity);
              model.onHand += step.quantity;
              break;
          }
          const key = store.key(SKU, LOC);
          expect(key.onHand).toBe(model.onHand);
          expect(key.reserved).toBe(model.reserved());
          for (const r of model.held) {
            expect(store.reservations.get(r.id)).toMatchObject({ status: r.state, fulfilledQuantity: r.taken, quantity: r.quantity });
          }
          expect(key.reserved).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bad input by field and changes nothing', () => {
    const store = new InMemoryReservations(HOLD);
    store.receive(SKU, LOC, 5);
    const refused = (request: Parameters<InMemoryReservations['reserve']>[1]) => {
      try {
        store.reserve('k', request, 100);
      } catch (error) {
        return error instanceof ReservationError ? [error.code, error.field] : error;
      }
      return undefined;
    };
    expect(refused({ channel: CHANNEL, partial: false, lines: [{ sku: SKU, locationId: LOC, quantity: 0 }] })).toEqual(['RESERVATION.INVALID_REQUEST', 'lines[0].quantity']);
    expect(refused({ channel: CHANNEL, partial: false, lines: [{ sku: SKU, locationId: LOC, quantity: -2 }] })).toEqual(['RESERVATION.INVALID_REQUEST', 'lines[0].quantity']);
    expect(refused({ channel: CHANNEL, partial: false, expiresAt: 50, lines: [{ sku: SKU, locationId: LOC, quantity: 1 }] })).toEqual(['RESERVATION.INVALID_REQUEST', 'expiresAt']);
    expect(refused({ channel: CHANNEL, partial: false, lines: [{ sku: 'NOPE', locationId: LOC, quantity: 1 }] })).toEqual(['RESERVATION.UNKNOWN_STOCK_KEY', 'lines[0].sku']);
    expect(refused({ channel: CHANNEL, partial: false, lines: [{ sku: SKU, locationId: LOC, quantity: 6 }] })).toEqual(['RESERVATION.INSUFFICIENT_AVAILABLE', 'lines[0].quantity']);
    expect(store.key(SKU, LOC)).toEqual({ onHand: 5, reserved: 0 });
    expect(store.reservations.size).toBe(0);
  });

  it('all or nothing across lines, or each line on its own when partial', () => {
    const store = new InMemoryReservations(HOLD);
    store.receive('A', LOC, 3);
    store.receive('B', LOC, 1);
    const lines = [
      { sku: 'A', locationId: LOC, quantity: 2 },
      { sku: 'B', locationId: LOC, quantity: 2 },
    ];
    expect(() => store.reserve('k1', { channel: CHANNEL, partial: false, lines }, 0)).toThrow('RESERVATION.INSUFFICIENT_AVAILABLE');
    expect(store.key('A', LOC).reserved).toBe(0);
    const outcome = store.reserve('k2', { channel: CHANNEL, partial: true, lines }, 0);
    expect(outcome.lines.map((line) => line.granted)).toEqual([true, false]);
    expect(outcome.lines[1]).toMatchObject({ available: 1, requested: 2 });
    expect(store.key('A', LOC).reserved).toBe(2);
  });
});
