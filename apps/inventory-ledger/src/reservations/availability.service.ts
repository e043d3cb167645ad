// Available to promise across locations, and reservations that pick their locations. The domain
// decides which locations to take from on the figures as read; the takes are written by the
// reservations' one conditional statement (ReservationSql.grant), which grants nothing of an
// all-or-nothing decision when a take is no longer covered, so a concurrent request can make
// this one decide again but never makes a unit promised twice.
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReservationError, allocateAcrossLocations, checkAllocationRequest, totalAvailable, type AllocationRequest, type AllocationRule } from '@ledgerline/inventory-domain';
import { sqlStateOf } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { AvailabilitySql, type LocationAvailabilityRow } from './availability-sql';
import { ReservationSql, type GrantLine } from './reservation-sql';
import { forgottenKeyConflict, view, type ReservationView } from './reservation.service';

/** How often a decision is made again when the figures it was made on changed before its write. */
const MAX_ATTEMPTS = 8;

export interface AvailabilityAnswer {
  sku: string;
  channel: string;
  /** Sum over the locations of what each can promise (a location short of stock counts as nothing). */
  available: number;
  locations: LocationAvailabilityRow[];
  /** Locations asked for that hold no balance of the SKU. */
  withoutStock: string[];
}

export interface AllocateRequest extends AllocationRequest {
  readonly channel: string;
  readonly expiresAt?: number;
  /** A region of the catalog's locations, in place of a list: its active locations, by location id. */
  readonly region?: string;
}

/** Where to look: the locations named, a region's, or (neither) every location holding the SKU. */
export interface LocationChoice {
  readonly locations?: readonly string[];
  readonly region?: string;
}

export interface AllocateAnswer {
  idempotencyKey: string;
  sku: string;
  channel: string;
  rule: AllocationRule;
  quantity: number;
  /** Units granted in all; less than the quantity only when partial. */
  granted: number;
  reservations: ReservationView[];
}

@Injectable()
export class AvailabilityService {
  private readonly availability: AvailabilitySql;
  private readonly reservations: ReservationSql;
  private readonly defaultHoldMs: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.availability = new AvailabilitySql(config.DATABASE_SCHEMA);
    this.reservations = new ReservationSql(config.DATABASE_SCHEMA);
    this.defaultHoldMs = config.RESERVATION_DEFAULT_HOLD_MS;
  }

  async availableToPromise(sku: string, channel: string, choice: LocationChoice = {}): Promise<AvailabilityAnswer> {
    const locations = await this.locationsOf(choice);
    const rows = await this.knownAvailability(sku, channel, locations);
    const held = new Set(rows.map((row) => row.locationId));
    return { sku, channel, available: totalAvailable(rows), locations: rows, withoutStock: (locations ?? []).filter((locationId) => !held.has(locationId)) };
  }

  async reserveAcrossLocations(idempotencyKey: string, request: AllocateRequest, now = Date.now()): Promise<AllocateAnswer> {
    // A list of locations or a region, not both: which one was meant cannot be guessed.
    if (request.locations !== undefined && request.region !== undefined) {
      throw new ReservationError('RESERVATION.INVALID_REQUEST', 'name the locations or a region, not both', 'region');
    }
    const fingerprint = fingerprintOf(request);
    const manager = this.dataSource.manager;
    for (let attempt = 1; ; attempt += 1) {
      const { stored } = await this.reservations.requestFacts(manager, idempotencyKey, []);
      if (stored) {
        // Another body, or the id of a request that was no reserve.
        if (stored.fingerprint !== fingerprint || !Array.isArray(stored.answer)) {
          throw new ReservationError('RESERVATION.IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used for another request', 'Idempotency-Key');
        }
        return this.answer(idempotencyKey, request, stored.answer);
      }
      checkAllocationRequest(request);
      // Read again on each attempt: a region is its locations as the catalog has them now.
      const locations = await this.locationsOf(request);
      const candidates = await this.knownAvailability(request.sku, request.channel, locations);
      // The priority rule reads the caller's order; the rows come back by location id.
      const byLocation = new Map(candidates.map((row) => [row.locationId, row]));
      const ordered = locations ? locations.flatMap((locationId) => byLocation.get(locationId) ?? []) : candidates;
      const allocation = allocateAcrossLocations(ordered, request.quantity, request.rule, request.partial);
      if (allocation.takes.length === 0) throw insufficient(request, allocation.available);
      const lines: GrantLine[] = allocation.takes.map((take, lineNumber) => ({ lineNumber, reservationId: `res_${randomUUID()}`, sku: request.sku, locationId: take.locationId, quantity: take.quantity }));
      const expiresAt = new Date(request.expiresAt ?? now + this.defaultHoldMs);
      try {
        const granted = await this.reservations.grant(manager, { idempotencyKey, fingerprint, channel: request.channel, expiresAt, allOrNothing: !request.partial && lines.length > 1, lines });
        if (granted !== null && granted.length > 0) return await this.answer(idempotencyKey, request, granted);
      } catch (error) {
        // 23505: a request with the same key committed first: answer from its record.
        // 40P01: met another many-line decision in the opposite order: nothing of this one was kept.
        const forgotten = forgottenKeyConflict(error);
        if (forgotten) throw forgotten;
        const state = sqlStateOf(error);
        if (state !== '23505' && state !== '40P01') throw error;
      }
      if (attempt >= MAX_ATTEMPTS) throw insufficient(request, totalAvailable(await this.knownAvailability(request.sku, request.channel, locations)));
    }
  }

  /** The locations a request names, or its region's active ones; refused for a region without any. */
  private async locationsOf(choice: LocationChoice): Promise<readonly string[] | undefined> {
    if (choice.region === undefined) return choice.locations;
    const locations = await this.availability.regionLocations(this.dataSource.manager, choice.region);
    if (locations.length === 0) throw new ReservationError('RESERVATION.UNKNOWN_REGION', `no active location of the catalog is in region ${choice.region}`, 'region');
    return locations;
  }

  /** The SKU's availability at the locations asked; refused when it has stock at none of them. */
  private async knownAvailability(sku: string, channel: string, locations: readonly string[] | undefined): Promise<LocationAvailabilityRow[]> {
    const rows = await this.availability.atLocations(this.dataSource.manager, sku, channel, locations);
    if (rows.length === 0) {
      throw new ReservationError('RESERVATION.UNKNOWN_STOCK_KEY', locations ? `no stock of ${sku} is recorded at any of the locations asked` : `no stock of ${sku} is recorded at any location`, 'sku');
    }
    return rows;
  }

  private async answer(idempotencyKey: string, request: AllocateRequest, granted: ReadonlyArray<{ lineNumber: number; reservationId: string }>): Promise<AllocateAnswer> {
    const found = await this.reservations.findMany(this.dataSource.manager, granted.map((line) => line.reservationId));
    const reservations = [...granted].sort((a, b) => a.lineNumber - b.lineNumber).flatMap((line) => {
      const reservation = found.get(line.reservationId);
      return reservation ? [view(reservation)] : [];
    });
    return {
      idempotencyKey,
      sku: request.sku,
      channel: request.channel,
      rule: request.rule,
      quantity: request.quantity,
      granted: reservations.reduce((sum, reservation) => sum + reservation.quantity, 0),
      reservations,
    };
  }
}

function insufficient(request: AllocateRequest, available: number): ReservationError {
  return new ReservationError(
    'RESERVATION.INSUFFICIENT_AVAILABLE',
    `${request.quantity} of ${request.sku} asked for channel ${request.channel}, ${available} available at the locations asked`,
    'quantity',
    available,
  );
}

/** The request as decided; distinct from a single-location request's so one key cannot answer both. */
function fingerprintOf(request: AllocateRequest): string {
  const canonical = {
    acrossLocations: true,
    sku: request.sku,
    channel: request.channel,
    quantity: request.quantity,
    locations: request.locations ?? null,
    rule: request.rule,
    partial: request.partial,
    expiresAt: request.expiresAt ?? null,
    // Only when named, so that the requests recorded before regions keep their fingerprints.
    ...(request.region === undefined ? {} : { region: request.region }),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
