/**
 * The mean of several methods' forecasts. Averaging the few candidates that validated best is
 * more robust than betting on the single best: the validation windows are short and noisy, so the
 * winner is often a lucky one, while the errors of different methods partly cancel. The in-sample
 * errors average too (actual minus the mean forecast is the mean of actual minus each forecast),
 * so intervals and safety stock are derived from the combination as from any single method.
 */
import { ForecastingError } from '../forecasting.error';
import type { ForecastResult } from '../methods/forecast-method.types';
import type { MethodParams } from '../methods/method-registry';

export function meanForecast(members: readonly ForecastResult<MethodParams>[]): ForecastResult<MethodParams> {
  const first = members[0];
  if (first === undefined) throw new ForecastingError('FORECAST.EMPTY_COMBINATION', 'a combination needs at least one forecast');
  if (members.length === 1) return first;
  const horizon = first.pointForecast.length;
  const pointForecast = new Float64Array(horizon);
  const errorLength = Math.min(...members.map((member) => member.inSampleErrors.length));
  // A period counts only where every member has an error: the combination had no forecast before.
  const inSampleErrors = new Float64Array(errorLength);
  for (const member of members) {
    if (member.pointForecast.length !== horizon) {
      throw new ForecastingError('FORECAST.LENGTH_MISMATCH', `combined forecasts have ${horizon} and ${member.pointForecast.length} periods`);
    }
    for (let k = 0; k < horizon; k++) pointForecast[k] += member.pointForecast[k] / members.length;
    for (let t = 0; t < errorLength; t++) inSampleErrors[t] += member.inSampleErrors[t] / members.length;
  }
  return { method: first.method, pointForecast, params: first.params, inSampleErrors };
}
