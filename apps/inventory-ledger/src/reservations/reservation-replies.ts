// What the ledger answers a reservation request that came over Kafka: it runs the request through
// the same ReservationService as the HTTP API and turns the outcome into a reply, a refusal the
// domain gave (ReservationError) included, with the code, field and reason the HTTP API would give.
// Anything else (the database unreachable, a timeout) is not an answer: it is thrown, and the
// consumer stops the partition and tries the request again.
import { ReservationError } from '@ledgerline/inventory-domain';
import type { ReservationReplyV1, ReservationRequestV1 } from '@ledgerline/contracts';
import type { AllocateAnswer, AllocateRequest } from './availability.service';
import type { ReserveAnswer, ReservationView } from './reservation.service';

/** The part of ReservationService a request needs. */
export interface ReservationDecisions {
  reserve(idempotencyKey: string, request: { channel: string; partial: boolean; expiresAt?: number; lines: Array<{ sku: string; locationId: string; quantity: number }> }): Promise<ReserveAnswer>;
  reserveAcrossLocations(idempotencyKey: string, request: AllocateRequest): Promise<AllocateAnswer>;
  extend(reservationId: string, expiresAt: number, options: { requestId: string }): Promise<ReservationView>;
  release(reservationId: string, options: { requestId: string }): Promise<ReservationView>;
  fulfil(reservationId: string, quantity: number | undefined, options: { requestId: string }): Promise<ReservationView>;
}

export async function replyTo(request: ReservationRequestV1, decisions: ReservationDecisions, now: () => Date = () => new Date()): Promise<ReservationReplyV1> {
  const base = { requestId: request.requestId, action: request.action };
  const identity = { requestId: request.requestId };
  try {
    switch (request.action) {
      case 'reserve': {
        const answer = await decisions.reserve(request.requestId, {
          channel: request.channel ?? 'default',
          partial: request.partial ?? false,
          expiresAt: request.expiresAt === undefined ? undefined : Date.parse(request.expiresAt),
          lines: request.lines,
        });
        return { ...base, outcome: 'done', lines: answer.lines, answeredAt: now().toISOString() };
      }
      case 'reserve-across-locations': {
        const answer = await decisions.reserveAcrossLocations(request.requestId, {
          sku: request.sku,
          quantity: request.quantity,
          rule: request.rule ?? 'most-available',
          partial: request.partial ?? false,
          channel: request.channel ?? 'default',
          ...(request.locations === undefined ? {} : { locations: request.locations }),
          ...(request.region === undefined ? {} : { region: request.region }),
          ...(request.expiresAt === undefined ? {} : { expiresAt: Date.parse(request.expiresAt) }),
        });
        const { sku, quantity, granted, rule, reservations } = answer;
        return { ...base, outcome: 'done', allocation: { sku, quantity, granted, rule, reservations }, answeredAt: now().toISOString() };
      }
      // Each under its requestId: delivered again after a crash, it is answered as it was, not applied again.
      case 'extend':
        return { ...base, outcome: 'done', reservation: await decisions.extend(request.reservationId, Date.parse(request.expiresAt), identity), answeredAt: now().toISOString() };
      case 'release':
        return { ...base, outcome: 'done', reservation: await decisions.release(request.reservationId, identity), answeredAt: now().toISOString() };
      case 'fulfil':
        return { ...base, outcome: 'done', reservation: await decisions.fulfil(request.reservationId, request.quantity, identity), answeredAt: now().toISOString() };
    }
  } catch (error) {
    if (!(error instanceof ReservationError)) throw error;
    const field = error.field === 'Idempotency-Key' ? 'requestId' : error.field;
    return {
      ...base,
      outcome: 'refused',
      refusal: {
        code: error.code,
        message: error.message.slice(error.code.length + 2),
        ...(field === undefined ? {} : { field }),
        ...(error.available === undefined ? {} : { available: error.available }),
      },
      answeredAt: now().toISOString(),
    };
  }
}
