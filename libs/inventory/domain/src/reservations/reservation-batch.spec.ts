// A batch decided together must answer each request exactly as deciding them one at a time in the
// same order would: random batches over a few keys, with buffers and repeated idempotency keys,
// against the reference store driven one request at a time.
import fc from 'fast-check';
import { InMemoryReservations } from './in-memory-reservations';
import { ReservationError } from './reservation-error';
import { decideReserveBatch, type BatchFacts, type BatchedReserve } from './reservation-batch';
import type { ReserveRequest } from './reservation-request';

const LOC = 'S1';
const SKUS = ['TEA', 'MUG', 'POT'];
const NOW = 1_000;

function factsOf(store: InMemoryReservations, extra: Partial<BatchFacts> = {}): BatchFacts {
  return {
    stored: () => undefined,
    heldWithoutRecord: () => false,
    balance: (sku, locationId) => {
      const state = store.keys.get(`${sku}@${locationId}`);
      return state && { onHand: state.onHand, reserved: state.reserved };
    },
    buffer: (sku, locationId, channel) => store.buffers.get(`${sku}@${locationId}#${channel}`) ?? 0,
    ...extra,
  };
}

function item(idempotencyKey: string, request: ReserveRequest): BatchedReserve {
  return { idempotencyKey, fingerprint: JSON.stringify(request), request, now: NOW };
}

const lineArb = fc.record({ sku: fc.constantFrom(...SKUS, 'NONE'), quantity: fc.integer({ min: 0, max: 6 }) });
const requestArb = fc.record({
  key: fc.integer({ min: 0, max: 6 }),
  channel: fc.constantFrom('web', 'store'),
  partial: fc.boolean(),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
});

describe('decideReserveBatch', () => {
  it('answers every request as deciding them one by one in arrival order would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: SKUS.length, maxLength: SKUS.length }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(requestArb, { minLength: 1, maxLength: 25 }),
        (onHand, webBuffer, requests) => {
          const sequential = new InMemoryReservations(60_000);
          const before = new InMemoryReservations(60_000);
          for (const store of [sequential, before]) {
            SKUS.forEach((sku, index) => (store.key(sku, LOC).onHand = onHand[index]!));
            store.buffers.set(`TEA@${LOC}#web`, webBuffer);
          }
          const batch = requests.map((request) =>
            item(`k${request.key}`, { channel: request.channel, partial: request.partial, lines: request.lines.map((line) => ({ ...line, locationId: LOC })) }),
          );
          const { decisions, keys } = decideReserveBatch(batch, factsOf(before));
          const reservedBefore = new Map(SKUS.map((sku) => [sku, 0]));
          const reservedAfter = new Map(reservedBefore);
          decisions.forEach((decision, index) => {
            const { idempotencyKey, request } = batch[index]!;
            let expected: ReturnType<InMemoryReservations['reserve']> | ReservationError;
            try {
              expected = sequential.reserve(idempotencyKey, request, NOW);
            } catch (error) {
              expected = error as ReservationError;
            }
            // A partial request that granted nothing is answered as a refusal, with the first line's figure.
            if (!(expected instanceof ReservationError) && expected.lines.every((line) => !line.granted)) {
              const first = expected.lines[0]!;
              expected = new ReservationError('RESERVATION.INSUFFICIENT_AVAILABLE', 'nothing granted', 'lines[0].quantity', first.granted ? undefined : first.available);
            }
            if (expected instanceof ReservationError) {
              // The reference store names the conflict's field after itself; the code and figure are what count.
              expect(decision.kind).toBe('refused');
              if (decision.kind !== 'refused') return;
              expect([decision.error.code, decision.error.available]).toEqual([expected.code, expected.available]);
              return;
            }
            const granted = decision.kind === 'repeat' ? decisions[decision.of]! : decision;
            expect(granted.kind).toBe('granted');
            if (granted.kind !== 'granted') return;
            expect(granted.lines.map((line) => (line.granted ? 'granted' : line.available))).toEqual(
              expected.lines.map((line) => (line.granted ? 'granted' : line.available)),
            );
            if (decision.kind === 'repeat') return;
            granted.lines.forEach((line, lineIndex) => {
              if (line.granted) {
                const sku = request.lines[lineIndex]!.sku;
                reservedAfter.set(sku, reservedAfter.get(sku)! + request.lines[lineIndex]!.quantity);
                expect(line.reservedAfter).toBe(reservedAfter.get(sku));
              }
            });
          });
          for (const sku of SKUS) {
            const state = sequential.keys.get(`${sku}@${LOC}`)!;
            expect(state.reserved).toBe(reservedAfter.get(sku));
            // Never more promised than on hand less the buffer.
            expect(state.reserved).toBeLessThanOrEqual(state.onHand);
          }
          expect([...keys].sort((a, b) => a.sku.localeCompare(b.sku))).toEqual(
            [...SKUS].sort().filter((sku) => reservedAfter.get(sku) !== 0).map((sku) => ({ sku, locationId: LOC, reservedBefore: 0, reservedAfter: reservedAfter.get(sku) })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('grants exactly what is available on one key, in arrival order, and refuses the rest with the figure left', () => {
    const store = new InMemoryReservations(60_000);
    store.key('TEA', LOC).onHand = 10;
    const batch = Array.from({ length: 8 }, (_, index) => item(`k${index}`, { channel: 'web', partial: false, lines: [{ sku: 'TEA', locationId: LOC, quantity: 3 }] }));
    const { decisions, keys } = decideReserveBatch(batch, factsOf(store));
    expect(decisions.map((decision) => decision.kind)).toEqual(['granted', 'granted', 'granted', 'refused', 'refused', 'refused', 'refused', 'refused']);
    expect(decisions.slice(3).map((decision) => decision.kind === 'refused' && decision.error.available)).toEqual([1, 1, 1, 1, 1]);
    expect(keys).toEqual([{ sku: 'TEA', locationId: LOC, reservedBefore: 0, reservedAfter: 9 }]);
  });

  it('answers a key recorded before from its record, and refuses it for another body or when reservations outlive a forgotten record', () => {
    const store = new InMemoryReservations(60_000);
    store.key('TEA', LOC).onHand = 10;
    const same = item('old', { channel: 'web', partial: false, lines: [{ sku: 'TEA', locationId: LOC, quantity: 1 }] });
    const other = item('old', { channel: 'web', partial: false, lines: [{ sku: 'TEA', locationId: LOC, quantity: 2 }] });
    const forgotten = item('gone', { channel: 'web', partial: false, lines: [{ sku: 'TEA', locationId: LOC, quantity: 1 }] });
    const { decisions, keys } = decideReserveBatch(
      [same, other, forgotten],
      factsOf(store, { stored: (key) => (key === 'old' ? { fingerprint: same.fingerprint, reserve: true } : undefined), heldWithoutRecord: (key) => key === 'gone' }),
    );
    expect(decisions[0]).toEqual({ kind: 'replay' });
    expect(decisions.slice(1).map((decision) => decision.kind === 'refused' && decision.error.code)).toEqual(['RESERVATION.IDEMPOTENCY_CONFLICT', 'RESERVATION.IDEMPOTENCY_CONFLICT']);
    expect(keys).toEqual([]);
  });
});
