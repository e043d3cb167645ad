// When forecasts are refitted: every REFIT_INTERVAL_MS for every known item, on demand through
// the API (all items or one), and as soon as an item is first seen, so that a new item gets a
// reorder point without waiting for the schedule. Fits run one at a time, in the order asked.
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@ledgerline/runtime';
import { FORECASTING_CONFIG, type ForecastingConfig } from '../config/forecasting.config';
import { type ItemLocation, itemKey } from '../domain/stock-change';
import { forecastingMetrics } from '../forecasting-metrics';
import { KafkaGateway } from '../messaging/kafka-gateway.service';
import { DemandSql } from '../persistence/demand-sql';
import { ForecastSql } from '../persistence/forecast-sql';
import { countPublished } from '../suggestions/suggestion-evaluator';
import { type FitOutcome, ForecastFitter } from './forecast-fitter';

export interface RefitSummary {
  readonly refitted: number;
  readonly failed: number;
  readonly suggestionEvents: number;
}

@Injectable()
export class RefitService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new JsonLogger('RefitService');
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private scheduledRun: Promise<RefitSummary> | undefined;
  private stopped = false;

  constructor(
    @Inject(FORECASTING_CONFIG) private readonly config: ForecastingConfig,
    private readonly dataSource: DataSource,
    private readonly fitter: ForecastFitter,
    private readonly demand: DemandSql,
    private readonly forecasts: ForecastSql,
    private readonly gateway: KafkaGateway,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REFIT_INTERVAL_MS <= 0) return;
    this.timer = setInterval(() => {
      // A run still going when the next is due is not started twice.
      this.scheduledRun ??= this.refitAll().finally(() => (this.scheduledRun = undefined));
    }, this.config.REFIT_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.queue.catch(() => undefined);
  }

  /** Refits one item; null when nothing is known about it. */
  refitItem(item: ItemLocation): Promise<FitOutcome | null> {
    return this.enqueue(async () => {
      const outcome = await this.fitter.fit(item);
      if (outcome) this.afterCommit(outcome);
      return outcome;
    });
  }

  refitAll(): Promise<RefitSummary> {
    return this.enqueue(async () => {
      const items = await this.demand.knownItems(this.dataSource.manager);
      return this.fitEach(items);
    });
  }

  /** Fits the items that have no forecast yet; the caller does not wait. */
  fitNewItems(items: readonly ItemLocation[]): void {
    if (items.length === 0 || this.stopped) return;
    void this.enqueue(async () => {
      const fitted = await this.forecasts.forecastsOf(this.dataSource.manager, items);
      return this.fitEach(items.filter((item) => !fitted.has(itemKey(item))));
    }).catch((error: unknown) => this.logger.error('fitting new items failed', { error }));
  }

  private async fitEach(items: readonly ItemLocation[]): Promise<RefitSummary> {
    let refitted = 0;
    let failed = 0;
    let suggestionEvents = 0;
    for (const item of items) {
      if (this.stopped) break;
      try {
        const outcome = await this.fitter.fit(item);
        if (!outcome) continue;
        this.afterCommit(outcome);
        refitted++;
        suggestionEvents += outcome.suggestions.length;
      } catch (error) {
        // One item's bad data must not stop the others from being refitted.
        failed++;
        forecastingMetrics.refits.inc({ outcome: 'failed' });
        this.logger.error('refit failed', { sku: item.sku, locationId: item.locationId, error });
      }
    }
    if (items.length > 0) this.logger.info('refitted forecasts', { refitted, failed, suggestionEvents });
    return { refitted, failed, suggestionEvents };
  }

  private afterCommit(outcome: FitOutcome): void {
    forecastingMetrics.refits.inc({ outcome: 'fitted' });
    if (outcome.suggestions.length === 0) return;
    countPublished(outcome.suggestions);
    this.gateway.suggestionsWritten();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
