// The JSON the forecast and policy endpoints answer with, shaped from a stored fit.
import { addDays } from '../domain/business-day';
import type { ItemPolicy, PolicyOverrides } from '../domain/item-policy';
import { type StockPosition, positionLevel } from '../domain/stock-position';
import type { StoredForecast } from '../persistence/forecast-sql';

export interface IntervalFigures {
  readonly mean: number;
  readonly median: number | null;
  /** 80% prediction interval: the 10% and 90% quantiles. */
  readonly lower80: number | null;
  readonly upper80: number | null;
  /** 90% prediction interval: the 5% and 95% quantiles. */
  readonly lower90: number | null;
  readonly upper90: number | null;
}

export function forecastView(stored: StoredForecast, days: number) {
  const { forecast } = stored;
  const quantile = (probability: number) => forecast.quantiles.find((candidate) => Math.abs(candidate.probability - probability) < 1e-9);
  const figures = (mean: number, pick: (probability: number) => number | undefined): IntervalFigures => ({
    mean,
    median: pick(0.5) ?? null,
    lower80: pick(0.1) ?? null,
    upper80: pick(0.9) ?? null,
    lower90: pick(0.05) ?? null,
    upper90: pick(0.95) ?? null,
  });
  const shown = Math.min(days, forecast.pointForecast.length);
  const daily = forecast.pointForecast.slice(0, shown).map((mean, index) => ({
    day: addDays(forecast.firstDay, index),
    ...figures(mean, (probability) => quantile(probability)?.perDay[index]),
  }));
  const fullHorizon = shown === forecast.pointForecast.length;
  return {
    sku: stored.sku,
    locationId: stored.locationId,
    fittedAt: stored.fittedAt,
    method: stored.method,
    demandClass: stored.demandClass,
    selectionReason: forecast.selectionReason,
    distribution: forecast.distribution,
    history: { from: stored.historyFrom, to: stored.historyTo, days: stored.historyDays, censoredDays: stored.censoredDays, totalDemand: stored.historyDemand },
    days: daily,
    // Quantiles of a total are not sums of daily quantiles; they are known for the fitted horizon only.
    total: fullHorizon
      ? { days: shown, ...figures(sum(forecast.pointForecast), (probability) => quantile(probability)?.total) }
      : { days: shown, ...figures(sum(daily.map((day) => day.mean)), () => undefined) },
    accuracy: stored.accuracy,
  };
}

export function policyView(
  item: { sku: string; locationId: string },
  policy: ItemPolicy,
  overrides: PolicyOverrides | null,
  stored: StoredForecast | undefined,
  position: StockPosition | null,
  includeInTransit: boolean,
) {
  const numbers = stored?.replenishment;
  return {
    sku: item.sku,
    locationId: item.locationId,
    policy,
    overrides: overrides ?? {},
    current: numbers
      ? {
          fittedAt: stored.fittedAt,
          method: stored.method,
          forecastDailyDemand: numbers.forecastDailyDemand,
          demandStdDevPerDay: numbers.demandStdDevPerDay,
          safetyStock: numbers.safetyStock,
          reorderPoint: numbers.reorderPoint,
          orderQuantity: numbers.orderQuantity,
          orderUpToLevel: numbers.orderUpToLevel,
          economicOrderQuantity: numbers.economicOrderQuantity,
          orderQuantityRule: numbers.orderQuantityRule,
          serviceFactor: numbers.serviceFactor,
          leadTime: stored.leadTime,
        }
      : null,
    stock: position
      ? { onHand: position.onHand, onOrder: position.onOrder, inTransit: position.inTransit, position: positionLevel(position, includeInTransit), balanceVersion: position.balanceVersion }
      : null,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
