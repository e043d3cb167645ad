// When forecasts are refitted. A series is due when it got new demand since its last fit (from the
// end of the day the demand fell on, since fits read whole days) or when its fit is older than
// REFIT_STALE_AFTER_MS. Every REFIT_INTERVAL_MS the schedule fits at most
// REFIT_MAX_SERIES_PER_TICK due series, most overdue first, one at a time, giving the event loop a
// turn between them; when nothing is due a tick is one indexed query. A one-item refit (asked
// through the API, or by a policy change) runs at once on a connection of its own and never waits
// behind a scheduled run; the item's position lock orders it with a scheduled fit of the same item.
// Asking for every item only marks every series due: the schedule works through them.
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@ledgerline/runtime';
import { FORECASTING_CONFIG, type ForecastingConfig } from '../config/forecasting.config';
import type { ItemLocation } from '../domain/stock-change';
import { forecastingMetrics } from '../forecasting-metrics';
import { KafkaGateway } from '../messaging/kafka-gateway.service';
import { RefitScheduleSql } from '../persistence/refit-schedule-sql';
import { countPublished } from '../suggestions/suggestion-evaluator';
import { type FitOutcome, ForecastFitter, NOT_DUE } from './forecast-fitter';

export interface RefitSummary {
  readonly refitted: number;
  /** Series fitted by someone else (a request, another instance) since the run looked. */
  readonly skipped: number;
  readonly failed: number;
  readonly suggestionEvents: number;
}

@Injectable()
export class RefitService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new JsonLogger('RefitService');
  private timer: NodeJS.Timeout | undefined;
  private scheduledRun: Promise<RefitSummary> | undefined;
  private stopped = false;

  constructor(
    @Inject(FORECASTING_CONFIG) private readonly config: ForecastingConfig,
    private readonly dataSource: DataSource,
    private readonly fitter: ForecastFitter,
    private readonly schedule: RefitScheduleSql,
    private readonly gateway: KafkaGateway,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REFIT_INTERVAL_MS <= 0) return;
    this.timer = setInterval(() => {
      // A run still going when the next is due is not started twice.
      this.scheduledRun ??= this.refitDue().finally(() => (this.scheduledRun = undefined));
    }, this.config.REFIT_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.scheduledRun?.catch(() => undefined);
  }

  /** Refits one item now; null when nothing is known about it. */
  async refitItem(item: ItemLocation): Promise<FitOutcome | null> {
    const outcome = await this.fitter.fit(item);
    if (outcome === NOT_DUE || outcome === null) return null;
    this.afterCommit(outcome);
    return outcome;
  }

  /** Makes every known series due; the schedule refits them at its pace. Returns how many are due. */
  scheduleAll(): Promise<number> {
    return this.schedule.markAllDue(this.dataSource.manager, new Date());
  }

  /** One scheduled run: the most overdue series, at most REFIT_MAX_SERIES_PER_TICK of them. */
  async refitDue(now: Date = new Date()): Promise<RefitSummary> {
    const due = await this.schedule.dueSeries(this.dataSource.manager, now, this.config.REFIT_MAX_SERIES_PER_TICK);
    let refitted = 0;
    let skipped = 0;
    let failed = 0;
    let suggestionEvents = 0;
    for (const item of due) {
      if (this.stopped) break;
      // Fitting is CPU work between queries: let HTTP requests and the consumer in between series.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        const outcome = await this.fitter.fit(item, new Date(), now);
        if (outcome === NOT_DUE) {
          skipped++;
          continue;
        }
        if (!outcome) {
          await this.postpone(item);
          continue;
        }
        this.afterCommit(outcome);
        refitted++;
        suggestionEvents += outcome.suggestions.length;
      } catch (error) {
        // One item's bad data must not stop the others, nor hold the front of the queue.
        failed++;
        forecastingMetrics.refits.inc({ outcome: 'failed' });
        this.logger.error('refit failed', { sku: item.sku, locationId: item.locationId, error });
        await this.postpone(item).catch((postponeError: unknown) => this.logger.error('could not postpone a failed refit', { error: postponeError }));
      }
    }
    if (due.length > 0) this.logger.info('refitted due forecasts', { due: due.length, refitted, skipped, failed, suggestionEvents });
    return { refitted, skipped, failed, suggestionEvents };
  }

  private postpone(item: ItemLocation): Promise<void> {
    return this.schedule.postpone(this.dataSource.manager, item, new Date(Date.now() + this.config.REFIT_RETRY_AFTER_MS));
  }

  private afterCommit(outcome: FitOutcome): void {
    forecastingMetrics.refits.inc({ outcome: 'fitted' });
    if (outcome.suggestions.length === 0) return;
    countPublished(outcome.suggestions);
    this.gateway.suggestionsWritten();
  }
}
