/**
 * Throughput of the forecasting pipeline per series on one core: the automatic forecast (six
 * smoothing methods and SES, SBA and TSB on weekly aggregates validated at three rolling origins, the
 * best four averaged, and its error
 * profile), quantiles and the replenishment policy with a reorder decision from that profile (its
 * service factor from the measured shape of the lead-time errors), as
 * reorder-forecasting makes them, on one year of daily history. Half the series are
 * smooth with a weekly pattern, half intermittent. Prints series/s as the median of several runs,
 * by wall clock and by this process's CPU time (the latter is steadier on a shared machine).
 *
 *   npx nx run forecast-backtest:bench [-- --series N --runs N]
 */
import { AUTOMATIC_COMBINATION_SIZE, automaticCandidates, forecastAutomatically, forecastQuantiles, planReplenishment, reorderDecision } from '@ledgerline/forecasting-domain';
import { seededRandom } from './seeded-random';
import { intermittentDemand, smoothWeeklyDemand } from './synthetic-demand';

const DAYS = 365;
const HORIZON = 14;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

function forecastAndPlan(history: Float64Array): number {
  const selection = forecastAutomatically(history, { horizon: HORIZON });
  const quantiles = forecastQuantiles(selection.forecast, [0.5, 0.95], { demandClass: selection.demandClass, errorProfile: selection.errorProfile });
  const settings = {
    serviceLevel: 0.95,
    leadTimePeriods: 5,
    reviewPeriods: 2,
    leadTimeStdDevPeriods: 1,
    packSize: 6,
    minimumOrderQuantity: 12,
    orderQuantity: { rule: 'economic', orderingCost: 25, holdingCostPerUnitPerPeriod: 0.01 },
    serviceFactor: 'measured',
  } as const;
  const plan = planReplenishment(selection.forecast, settings, selection.errorProfile);
  const decision = reorderDecision({ onHand: 10, onOrder: 0, committed: 2 }, plan.policy);
  return decision.quantity + quantiles.total[1];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function main(): void {
  const seriesCount = argument('--series', 2000);
  const runs = argument('--runs', 5);
  const random = seededRandom(20240601);
  const series = Array.from({ length: seriesCount }, (_, i) => (i % 2 === 0 ? smoothWeeklyDemand(DAYS, random) : intermittentDemand(DAYS, random)));
  let checksum = 0;
  for (const history of series) checksum += forecastAndPlan(history); // one untimed pass lets the JIT settle
  const wallRates: number[] = [];
  const cpuRates: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuStart = process.cpuUsage();
    const wallStart = process.hrtime.bigint();
    for (const history of series) checksum += forecastAndPlan(history);
    const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    wallRates.push(seriesCount / wallSeconds);
    cpuRates.push(seriesCount / cpuSeconds);
    console.log(`run ${run + 1}: ${(seriesCount / wallSeconds).toFixed(0)} series/s wall, ${(seriesCount / cpuSeconds).toFixed(0)} series/s cpu`);
  }
  console.log(
    `fit + selection (best ${AUTOMATIC_COMBINATION_SIZE} of ${automaticCandidates(7).length} averaged) + quantiles + policy, ${DAYS}-day series, ${seriesCount} series x ${runs} runs: ` +
      `median ${median(wallRates).toFixed(0)} series/s (wall), ${median(cpuRates).toFixed(0)} series/s (cpu)  [checksum ${checksum.toFixed(0)}]`,
  );
}

main();
