// Releases expired reservations in the background, on every instance. Each pass is one statement
// per RESERVATION_EXPIRY_BATCH reservations due, read from the index of open reservations by
// expiry, so its cost follows what falls due, not how many reservations there ever were; rows
// another instance is expiring are skipped (SKIP LOCKED) and only an open row becomes expired,
// so each is expired once. A pass runs when the soonest open reservation falls due and at least
// every RESERVATION_EXPIRY_CHECK_MS (reservations another instance granted), which bounds how
// long an expired reservation keeps holding stock.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { ReservationSql } from './reservation-sql';
import { ReservationService } from './reservation.service';

@Injectable()
export class ReservationExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('ReservationExpiryService');
  private readonly sql: ReservationSql;
  private readonly checkMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    private readonly reservations: ReservationService,
  ) {
    this.sql = new ReservationSql(config.DATABASE_SCHEMA);
    this.checkMs = config.RESERVATION_EXPIRY_CHECK_MS;
    this.batch = config.RESERVATION_EXPIRY_BATCH;
    reservations.onGranted((expiresAt) => this.wakeAt(expiresAt.getTime()));
  }

  onApplicationBootstrap(): void {
    this.wakeAt(Date.now());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Expires every reservation due now; resolves when done (tests, and the scheduled passes). */
  async expireNow(): Promise<number> {
    await this.running;
    let total = 0;
    this.running = (async () => {
      try {
        let expired: number;
        let nextDueAt: Date | null;
        do {
          ({ expired, nextDueAt } = await this.sql.expireDue(this.dataSource.manager, this.batch));
          total += expired;
        } while (expired === this.batch && !this.stopped);
        if (total > 0) {
          this.reservations.outboxWritten();
          this.logger.log('expired reservations', { expired: total });
        }
        this.dueAt = Number.POSITIVE_INFINITY;
        this.wakeAt(nextDueAt === null ? Date.now() + this.checkMs : nextDueAt.getTime());
      } catch (error) {
        // Nothing is lost: a failed pass changes nothing and the next one finds the same rows due.
        this.logger.warn('expiring reservations failed; will retry', { error: error instanceof Error ? error.message : String(error) });
        this.dueAt = Number.POSITIVE_INFINITY;
        this.wakeAt(Date.now() + this.checkMs);
      }
    })().finally(() => {
      this.running = undefined;
    });
    await this.running;
    return total;
  }

  /** Runs a pass at `at`, or sooner if one is already planned, and never later than the check interval. */
  private wakeAt(at: number): void {
    if (this.stopped) return;
    const when = Math.min(at, Date.now() + this.checkMs);
    if (this.timer !== undefined && when >= this.dueAt) return;
    clearTimeout(this.timer);
    this.dueAt = when;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.expireNow();
    }, Math.max(0, when - Date.now()));
    this.timer.unref();
  }
}
