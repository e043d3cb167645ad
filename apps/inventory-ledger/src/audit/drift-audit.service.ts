// The drift audit inside the Nest app: runs the auditor (when enabled) from start to shutdown
// and answers GET /v1/drift from the audit's state on any instance.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BalanceKey } from '@ledgerline/inventory-domain';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import type { WrittenKeysListener } from '../ledger/ledger-writer';
import type { KeyRef, RunStatement } from './drift-audit-sql';
import { DriftAuditor } from './drift-auditor';
import { buildDriftReport, type DriftReport } from './drift-report';
import { DriftStateSql } from './drift-state-sql';

@Injectable()
export class DriftAuditService implements OnApplicationBootstrap, OnApplicationShutdown, WrittenKeysListener {
  private readonly auditor: DriftAuditor | undefined;
  private readonly state: DriftStateSql;
  private readonly run: RunStatement;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    dataSource: DataSource,
  ) {
    this.state = new DriftStateSql(config.DATABASE_SCHEMA);
    this.run = (sql, parameters) => dataSource.query(sql, parameters);
    this.auditor = config.DRIFT_AUDIT_ENABLED
      ? new DriftAuditor(dataSource, {
          schema: config.DATABASE_SCHEMA,
          keysPerChunk: config.DRIFT_AUDIT_KEYS_PER_CHUNK,
          movementsPerChunk: config.DRIFT_AUDIT_MOVEMENTS_PER_CHUNK,
          pacing: { minPauseMs: config.DRIFT_AUDIT_CHUNK_PAUSE_MS, maxBusyShare: config.DRIFT_AUDIT_MAX_BUSY_SHARE },
          passPauseMs: config.DRIFT_AUDIT_PASS_PAUSE_MS,
          recentKeysCapacity: config.DRIFT_AUDIT_RECENT_KEYS,
        })
      : undefined;
  }

  onApplicationBootstrap(): void {
    this.auditor?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.auditor?.stop();
  }

  /** From the writer, after each commit: the balances it wrote, to be checked before the walk reaches them. */
  noteWritten(keys: readonly BalanceKey[]): void {
    this.auditor?.recentKeys.noteWritten(keys);
  }

  /** Undefined when a key was asked for and the ledger holds no balance for it. */
  report(limit: number, key?: KeyRef): Promise<DriftReport | undefined> {
    const auditor = { enabled: this.auditor !== undefined, auditingHere: this.auditor?.status().leader ?? false, lastError: this.auditor?.status().lastError ?? null };
    return buildDriftReport(this.state, this.run, auditor, { limit, key }, this.config.DRIFT_AUDIT_PASS_PAUSE_MS);
  }
}
