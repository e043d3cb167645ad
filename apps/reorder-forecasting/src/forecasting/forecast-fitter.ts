// Fits one item/location: reads its daily demand up to yesterday (today is not over), its policy
// and its delivered orders, forecasts, and stores the fit. In the same transaction, holding the
// item's position lock, it re-evaluates the item's suggestion against the new reorder point and
// sets when the item is next due (RefitScheduleSql.scheduleAfterFit).
import type { DataSource } from 'typeorm';
import { readCommittedTransaction } from '@ledgerline/runtime';
import { type Day, addDays, dayOf } from '../domain/business-day';
import { buildDemandHistory } from '../domain/demand-history';
import { forecastItem } from '../domain/item-forecast';
import { type ItemPolicy, effectivePolicy } from '../domain/item-policy';
import { learnLeadTime, observedLeadTimes } from '../domain/lead-time';
import { type ItemLocation, itemKey } from '../domain/stock-change';
import type { DemandSql } from '../persistence/demand-sql';
import type { ForecastSql, StoredForecast } from '../persistence/forecast-sql';
import type { RefitScheduleSql } from '../persistence/refit-schedule-sql';
import type { SuggestionRecord } from '../persistence/suggestion-sql';
import type { SuggestionEvaluator } from '../suggestions/suggestion-evaluator';

export interface FitSettings {
  readonly timeZone: string;
  readonly historyDays: number;
  readonly horizonDays: number;
  readonly holdoutDays: number;
  readonly defaultPolicy: ItemPolicy;
  readonly leadTimePriorWeight: number;
  readonly leadTimeMaxObservations: number;
  /** A fit older than this is due again even without new demand: the days since it count too. */
  readonly staleAfterMs: number;
}

export interface FitOutcome {
  readonly forecast: StoredForecast;
  readonly suggestions: SuggestionRecord[];
}

/** A scheduled fit found the series no longer due: someone fitted it since the schedule looked. */
export const NOT_DUE = 'not-due';

export class ForecastFitter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly demand: DemandSql,
    private readonly forecasts: ForecastSql,
    private readonly schedule: RefitScheduleSql,
    private readonly evaluator: SuggestionEvaluator,
    private readonly settings: FitSettings,
  ) {}

  /**
   * Null when nothing is known about the item yet (no stock-changed event seen). With `dueBy`,
   * fits only if the item is still due then (checked under its lock), else answers NOT_DUE.
   */
  async fit(item: ItemLocation, now: Date = new Date(), dueBy?: Date): Promise<FitOutcome | null | typeof NOT_DUE> {
    return readCommittedTransaction(this.dataSource, async (manager) => {
      const positions = await this.demand.lockPositions(manager, [item]);
      const position = positions.get(itemKey(item));
      if (!position) return null;
      if (dueBy && !(await this.schedule.isDue(manager, item, dueBy))) return NOT_DUE;

      const today = dayOf(now.getTime(), this.settings.timeZone);
      const lastDay = addDays(today, -1);
      const firstRecorded = await this.demand.firstDemandDay(manager, item);
      const windowStart = addDays(today, -this.settings.historyDays);
      const firstDay: Day = firstRecorded === null ? today : firstRecorded > windowStart ? firstRecorded : windowStart;
      const rows = firstDay <= lastDay ? await this.demand.dailyDemandBetween(manager, item, firstDay, lastDay) : [];
      const history = buildDemandHistory(rows, { firstDay, lastDay, openingOnHand: await this.demand.closingBefore(manager, item, firstDay) });

      const policy = effectivePolicy(this.settings.defaultPolicy, await this.forecasts.policyOverrides(manager, item));
      const orders = await this.demand.deliveredOrders(manager, item, this.settings.leadTimeMaxObservations);
      const leadTime = learnLeadTime(
        { meanDays: policy.leadTimeDays, stdDevDays: policy.leadTimeStdDevDays },
        observedLeadTimes(orders),
        this.settings.leadTimePriorWeight,
      );
      const result = forecastItem({ history, horizonDays: this.settings.horizonDays, holdoutDays: this.settings.holdoutDays, policy, leadTime });
      const stored: StoredForecast = {
        sku: item.sku,
        locationId: item.locationId,
        fittedAt: now.toISOString(),
        historyFrom: history.days[0] ?? null,
        historyTo: lastDay,
        historyDays: history.days.length,
        censoredDays: history.censoredDays,
        historyDemand: history.totalDemand,
        method: result.method,
        demandClass: result.demandClass,
        forecast: {
          selectionReason: result.selectionReason,
          firstDay: today,
          pointForecast: result.pointForecast,
          distribution: result.distribution,
          quantiles: result.quantiles,
        },
        accuracy: result.accuracy,
        leadTime,
        policy,
        replenishment: result.replenishment,
      };
      await this.forecasts.saveForecast(manager, stored);
      await this.schedule.scheduleAfterFit(manager, item, today, new Date(now.getTime() + this.settings.staleAfterMs), this.settings.timeZone);
      const suggestions = await this.evaluator.evaluate(manager, [{ position, riseCause: 'refit' }], now);
      return { forecast: stored, suggestions };
    });
  }
}
