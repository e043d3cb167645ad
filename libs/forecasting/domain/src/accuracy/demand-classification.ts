/**
 * Syntetos-Boylan demand classes from the average inter-demand interval (ADI) and the squared
 * coefficient of variation of non-zero demand sizes (CV²), with the usual cut-offs 1.32 and 0.49.
 * The class says which family of methods is likely to fit: smoothing for smooth and erratic
 * demand, Croston-type methods for intermittent and lumpy demand.
 */
import { type CensoringMask, type DemandHistory, prepareSeries } from '../series/demand-series';

export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | 'no-demand';

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandClassification {
  readonly demandClass: DemandClass;
  /** Observed periods per period with demand; Infinity when there was no demand. */
  readonly averageDemandInterval: number;
  /** Squared coefficient of variation of the non-zero demands (0 with fewer than two). */
  readonly squaredCoefficientOfVariation: number;
  readonly demandPeriods: number;
  readonly observedPeriods: number;
}

/** Censored periods are not counted: their zero sales say nothing about demand. */
export function classifyDemand(history: DemandHistory, options: { censored?: CensoringMask | null } = {}): DemandClassification {
  const { values, censored, length } = prepareSeries(history, options.censored);
  let observed = 0;
  let demandPeriods = 0;
  let sum = 0;
  let sumOfSquares = 0;
  for (let t = 0; t < length; t++) {
    if (censored !== null && censored[t] === 1) continue;
    observed++;
    const value = values[t];
    if (value > 0) {
      demandPeriods++;
      sum += value;
      sumOfSquares += value * value;
    }
  }
  if (demandPeriods === 0) {
    return {
      demandClass: 'no-demand',
      averageDemandInterval: Number.POSITIVE_INFINITY,
      squaredCoefficientOfVariation: 0,
      demandPeriods,
      observedPeriods: observed,
    };
  }
  const mean = sum / demandPeriods;
  const variance = Math.max(0, sumOfSquares / demandPeriods - mean * mean);
  const cv2 = demandPeriods > 1 ? variance / (mean * mean) : 0;
  const adi = observed / demandPeriods;
  const intermittent = adi >= ADI_CUTOFF;
  const variable = cv2 >= CV2_CUTOFF;
  const demandClass: DemandClass = intermittent ? (variable ? 'lumpy' : 'intermittent') : variable ? 'erratic' : 'smooth';
  return { demandClass, averageDemandInterval: adi, squaredCoefficientOfVariation: cv2, demandPeriods, observedPeriods: observed };
}
