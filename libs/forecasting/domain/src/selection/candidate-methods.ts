/**
 * Which methods are worth validating for a series, from its Syntetos-Boylan class. Croston-type
 * methods exist for demand with gaps; on demand that occurs nearly every period (smooth, erratic)
 * they reduce to exponential smoothing and only cost time. Seasonal methods are left out for
 * data without a season (seasonPeriod null), such as monthly spare-parts demand.
 */
import type { DemandClass } from '../accuracy/demand-classification';
import type { MethodSpec } from '../methods/method-registry';
import { WEEKLY_SEASON } from '../methods/seasonal-naive.method';

export interface CandidateOptions {
  /** Periods per season; null when the data has no seasonal pattern to model. Default 7. */
  readonly seasonPeriod?: number | null;
}

export function candidateMethods(demandClass: DemandClass, options: CandidateOptions = {}): MethodSpec[] {
  const seasonPeriod = options.seasonPeriod === undefined ? WEEKLY_SEASON : options.seasonPeriod;
  if (demandClass === 'no-demand') return [{ method: 'naive' }];
  const candidates: MethodSpec[] = [{ method: 'naive' }];
  if (seasonPeriod !== null) candidates.push({ method: 'seasonal-naive', settings: { seasonPeriod } });
  candidates.push({ method: 'moving-average' }, { method: 'simple-exponential-smoothing' });
  if (seasonPeriod !== null) candidates.push({ method: 'holt-winters', settings: { seasonPeriod } });
  if (demandClass === 'intermittent' || demandClass === 'lumpy') {
    candidates.push({ method: 'croston' }, { method: 'sba' }, { method: 'tsb' });
  }
  return candidates;
}
