// Forgets reservation requests once they are older than RESERVATION_REQUEST_KEEP_MS, so the
// idempotency records grow with the requests of that window, not with every request ever made.
// Every RESERVATION_REQUEST_PRUNE_INTERVAL_MS each instance deletes them oldest first, a bounded
// batch per statement read from the table's age index, until none is left; rows another
// instance is deleting are skipped. The reservations a forgotten request made still hold its key,
// so a retry of it is refused as a conflict (ReservationService), never granted again.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger, RepeatingTask } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';

/** Records deleted per statement: one short transaction each, whatever the backlog. */
const PRUNE_BATCH = 1_000;

@Injectable()
export class ReservationRequestPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('ReservationRequestPruner');
  private readonly table: string;
  private readonly schedule: RepeatingTask;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    this.table = `"${config.DATABASE_SCHEMA}".reservation_request`;
    this.schedule = new RepeatingTask(config.RESERVATION_REQUEST_PRUNE_INTERVAL_MS, () => this.pruneNow(), (error) =>
      this.logger.warn('could not prune reservation requests; trying again later', { error: error instanceof Error ? error.message : String(error) }),
    );
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.schedule.stop();
  }

  /** Deletes every request older than the keep window; resolves with how many. */
  async pruneNow(): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM ${this.table} WHERE idempotency_key IN (
           SELECT idempotency_key FROM ${this.table} WHERE created_at < now() - $1::double precision * interval '1 millisecond'
            ORDER BY created_at LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)`,
        [this.config.RESERVATION_REQUEST_KEEP_MS],
      );
      total += deleted;
      if (deleted < PRUNE_BATCH || this.stopped) break;
    }
    if (total > 0) this.logger.log('forgot reservation requests past their keep window', { deleted: total });
    return total;
  }
}
