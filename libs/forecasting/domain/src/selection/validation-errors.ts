/**
 * Error bookkeeping for validation forecasts, and the selection criteria that compare candidates.
 */
import type { PreparedSeries } from '../series/demand-series';

/**
 * 'mse' and 'mae' compare candidates' mean squared / absolute validation errors; 'balanced' adds
 * each candidate's MAE and RMSE relative to the baseline's, for when both measures matter.
 */
export type SelectionCriterion = 'mae' | 'mse' | 'balanced';

export interface CandidateScore {
  readonly label: string;
  readonly meanAbsoluteError: number;
  readonly meanSquaredError: number;
  /** Validation periods scored (censored periods are not). */
  readonly periods: number;
}

export class ValidationErrors {
  private absoluteSum = 0;
  private squaredSum = 0;
  private periods = 0;

  constructor(private readonly label: string) {}

  /** Scores a forecast made at `origin` against the uncensored periods that follow it. */
  add(series: PreparedSeries, origin: number, forecast: Float64Array): void {
    const { values, censored } = series;
    for (let k = 0; k < forecast.length; k++) {
      const t = origin + k;
      if (censored !== null && censored[t] === 1) continue;
      const error = values[t] - forecast[k];
      this.absoluteSum += Math.abs(error);
      this.squaredSum += error * error;
      this.periods++;
    }
  }

  score(): CandidateScore {
    if (this.periods === 0) {
      return { label: this.label, meanAbsoluteError: Number.POSITIVE_INFINITY, meanSquaredError: Number.POSITIVE_INFINITY, periods: 0 };
    }
    return { label: this.label, meanAbsoluteError: this.absoluteSum / this.periods, meanSquaredError: this.squaredSum / this.periods, periods: this.periods };
  }
}

export function selectionError(score: CandidateScore, baseline: CandidateScore, criterion: SelectionCriterion): number {
  switch (criterion) {
    case 'mae':
      return score.meanAbsoluteError;
    case 'mse':
      return score.meanSquaredError;
    case 'balanced':
      return (
        relativeTo(score.meanAbsoluteError, baseline.meanAbsoluteError) +
        relativeTo(Math.sqrt(score.meanSquaredError), Math.sqrt(baseline.meanSquaredError))
      );
  }
}

function relativeTo(value: number, reference: number): number {
  if (reference > 0) return value / reference;
  return value > 0 ? Number.POSITIVE_INFINITY : 1;
}
