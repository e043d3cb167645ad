import { buildDemandHistory } from './demand-history';
import { forecastItem, holdoutAccuracy } from './item-forecast';
import type { ItemPolicy } from './item-policy';

const policy: ItemPolicy = {
  leadTimeDays: 3,
  leadTimeStdDevDays: 0,
  serviceLevel: 0.95,
  reviewPeriodDays: 0,
  packSize: 6,
  minimumOrderQuantity: 0,
  orderingCost: '25.0000',
  holdingCostRate: 0.25,
  unitCost: '10.0000',
  orderQuantityRule: 'economic',
};
const leadTime = { meanDays: 3, stdDevDays: 0, observations: 0, observedMeanDays: null, source: 'configured' as const };

function historyOf(demand: number[], censoredDays: number[] = []) {
  const days = demand.map((_, index) => `2025-03-${String(index + 1).padStart(2, '0')}`);
  return {
    days,
    demand,
    censored: demand.map((_, index) => censoredDays.includes(index)),
    censoredDays: censoredDays.length,
    totalDemand: demand.reduce((sum, units) => sum + units, 0),
  };
}

describe('item forecast', () => {
  const steady = Array.from({ length: 28 }, (_, day) => 10 + (day % 3) - 1);

  it('gives a forecast, quantiles, holdout accuracy and whole-unit policy numbers', () => {
    const forecast = forecastItem({ history: historyOf(steady), horizonDays: 14, holdoutDays: 7, policy, leadTime });
    expect(forecast.pointForecast).toHaveLength(14);
    expect(forecast.replenishment.forecastDailyDemand).toBeGreaterThan(8);
    expect(forecast.replenishment.forecastDailyDemand).toBeLessThan(12);
    const { reorderPoint, safetyStock, orderQuantity } = forecast.replenishment;
    expect(Number.isInteger(reorderPoint) && Number.isInteger(safetyStock)).toBe(true);
    expect(reorderPoint).toBeGreaterThanOrEqual(Math.floor(forecast.replenishment.forecastDailyDemand * 3) + safetyStock - 1);
    expect(orderQuantity! % 6).toBe(0);
    const [low, , median, , high] = forecast.quantiles;
    expect(low!.total).toBeLessThan(median!.total);
    expect(median!.total).toBeLessThan(high!.total);
    expect(forecast.accuracy).toMatchObject({ holdoutDays: 7, scoredDays: 7 });
    expect(forecast.accuracy!.mase).toBeGreaterThan(0);
    expect(Math.abs(forecast.accuracy!.bias)).toBeLessThan(3);
  });

  it('takes quantiles and safety stock from the forecast\'s own out-of-sample errors on a long history', () => {
    // Four months of demand around 10 a day with a weekly pattern and a wandering level.
    const long = Array.from({ length: 120 }, (_, day) => Math.max(0, Math.round(10 + 3 * Math.sin(day / 9) + ((day * 7) % 5) - 2)));
    const forecast = forecastItem({ history: historyOf(long), horizonDays: 14, holdoutDays: 7, policy, leadTime });
    expect(forecast.distribution).toBe('empirical');
    const [low5, low10, , high90, high95] = forecast.quantiles;
    for (let day = 0; day < 14; day++) {
      expect(low5!.perDay[day]).toBeGreaterThanOrEqual(0);
      expect(low5!.perDay[day]).toBeLessThanOrEqual(low10!.perDay[day]!);
      expect(high90!.perDay[day]).toBeLessThanOrEqual(high95!.perDay[day]!);
    }
    expect(forecast.replenishment.safetyStock).toBeGreaterThan(0);
    const stricter = forecastItem({ history: historyOf(long), horizonDays: 14, holdoutDays: 7, policy: { ...policy, serviceLevel: 0.99 }, leadTime });
    expect(stricter.replenishment.safetyStock).toBeGreaterThan(forecast.replenishment.safetyStock);
  });

  it('is not dragged down by stock-out days', () => {
    const withStockouts = [...steady];
    const stockoutDays = [20, 21, 22, 23, 24, 25, 26, 27];
    for (const day of stockoutDays) withStockouts[day] = day === 20 ? 3 : 0;
    const ignoringCensoring = forecastItem({ history: historyOf(withStockouts), horizonDays: 7, holdoutDays: 7, policy, leadTime });
    const censored = forecastItem({ history: historyOf(withStockouts, stockoutDays), horizonDays: 7, holdoutDays: 7, policy, leadTime });
    expect(ignoringCensoring.replenishment.forecastDailyDemand).toBeLessThan(6);
    expect(censored.replenishment.forecastDailyDemand).toBeGreaterThan(8);
  });

  it('forecasts nothing for an empty history without failing', () => {
    const forecast = forecastItem({ history: buildDemandHistory([], { firstDay: '2025-03-02', lastDay: '2025-03-01', openingOnHand: null }), horizonDays: 7, holdoutDays: 7, policy, leadTime });
    expect(forecast.replenishment).toMatchObject({ forecastDailyDemand: 0, reorderPoint: 0, safetyStock: 0 });
    expect(forecast.accuracy).toBeNull();
  });

  it('skips accuracy for a short history or a fully censored holdout', () => {
    expect(holdoutAccuracy(historyOf(steady.slice(0, 15)), 7)).toBeNull();
    expect(holdoutAccuracy(historyOf(steady, [21, 22, 23, 24, 25, 26, 27]), 7)).toBeNull();
  });
});
