/**
 * The bar the automatic forecast must clear on every data set and protocol: better than naive,
 * and no more than 1 % behind the best single method chosen in hindsight, by MASE and by RMSSE.
 * A method picked after seeing the holdout is an unfair rival, hence the small allowance.
 */
import type { DatasetReport } from './accuracy-report';

export const ALLOWED_GAP_TO_BEST = 0.01;

/** Why the automatic forecast fails the bar on this report; empty when it clears it. */
export function gateFailures(report: DatasetReport): string[] {
  const { summary } = report;
  const where = `${report.dataset} ${report.protocol}`;
  const failures: string[] = [];
  if (!summary.automaticBeatsNaive) failures.push(`${where}: MASE not below naive's`);
  if (!(summary.automatic.meanRmsse < summary.naive.meanRmsse)) failures.push(`${where}: RMSSE not below naive's`);
  if (summary.automaticGapToBest > ALLOWED_GAP_TO_BEST) {
    failures.push(`${where}: MASE ${pct(summary.automaticGapToBest)} behind ${summary.bestInHindsight.label}`);
  }
  if (summary.automaticRmsseGapToBest > ALLOWED_GAP_TO_BEST) {
    failures.push(`${where}: RMSSE ${pct(summary.automaticRmsseGapToBest)} behind ${summary.bestInHindsightByRmsse.label}`);
  }
  return failures;
}

function pct(ratio: number): string {
  return `${(100 * ratio).toFixed(2)} %`;
}
