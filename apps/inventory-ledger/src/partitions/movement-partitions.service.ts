// Keeps the movement partitions of the coming months created (MOVEMENT_PARTITIONS_AHEAD), at
// start and every MOVEMENT_PARTITIONS_CHECK_MS, so writes land in their month and never in the
// DEFAULT partition. Each check costs a few catalog lookups, whatever the ledger's size.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { MovementPartitionsSql } from './movement-partitions-sql';

@Injectable()
export class MovementPartitionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('MovementPartitionsService');
  private readonly sql: MovementPartitionsSql;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly dataSource: DataSource,
  ) {
    this.sql = new MovementPartitionsSql(config.DATABASE_SCHEMA);
  }

  /** Waits for the first check, so a ledger that cannot create its partitions says so at start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.config.MOVEMENT_PARTITIONS_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Never throws: a failed check is logged and tried again by the next one; writes still land in DEFAULT meanwhile. */
  async check(): Promise<void> {
    try {
      const outcome = await this.sql.ensureAhead((sql, parameters) => this.dataSource.query(sql, parameters), this.config.MOVEMENT_PARTITIONS_AHEAD);
      if (outcome.created > 0) this.logger.info('movement partitions created ahead', { created: outcome.created });
      if (outcome.defaultHoldsRows) {
        this.logger.error('movements landed in the DEFAULT partition: a month had no partition of its own', {
          code: 'LEDGER.MOVEMENTS_IN_DEFAULT_PARTITION',
          runbook: 'docs/operations/movement-partitions.md',
        });
      }
    } catch (error) {
      this.logger.error('creating movement partitions ahead failed; will retry', {
        code: 'LEDGER.PARTITIONS_AHEAD_FAILED',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
