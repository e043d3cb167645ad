// Keeps the alert log to ALERT_LOG_KEEP_DAYS: every ALERT_LOG_PRUNE_INTERVAL_MS the occurrences
// raised before then are deleted, a bounded batch a statement, so the log grows with the alerts of
// the window, not with every alert ever raised. Nothing else reads them: the alerts topic stays the
// record, and the ledger's own tables its history.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JsonLogger, RepeatingTask } from '@ledgerline/runtime';
import { DASHBOARD_CONFIG, type DashboardConfig } from '../config/dashboard.config';
import { AlertLog } from './alert-log';

const DAY_MS = 86_400_000;
/** Occurrences deleted per statement: one short transaction each, whatever the backlog. */
const PRUNE_BATCH = 1_000;

@Injectable()
export class AlertLogPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('AlertLogPruner');
  private readonly schedule: RepeatingTask;

  constructor(
    private readonly log: AlertLog,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
  ) {
    this.schedule = new RepeatingTask(config.ALERT_LOG_PRUNE_INTERVAL_MS, () => this.pruneNow(), (error) =>
      this.logger.warn('could not prune the alert log; trying again later', { error: error instanceof Error ? error.message : String(error) }),
    );
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.schedule.stop();
  }

  async pruneNow(now = Date.now()): Promise<number> {
    const deleted = await this.log.pruneRaisedBefore(new Date(now - this.config.ALERT_LOG_KEEP_DAYS * DAY_MS), PRUNE_BATCH);
    if (deleted > 0) this.logger.log('deleted alert occurrences past the keep window', { deleted });
    return deleted;
  }
}
