// Lead time learned from real order-to-receipt times. The configured lead time is the prior and
// counts as `priorWeight` observations: with few deliveries the estimate stays near it, with many
// it follows what suppliers actually do. The spread combines the configured spread, the spread of
// the observations and how far they sit from the configured mean (the pooled variance of a
// normal model with a conjugate prior), so a supplier who is reliably late widens nothing but one
// who varies does.

const MS_PER_DAY = 86_400_000;

export interface PurchaseOrderTimes {
  readonly placedAt: number;
  /** First receipt against the order; null while nothing has arrived. */
  readonly receivedAt: number | null;
}

export interface LeadTimePrior {
  readonly meanDays: number;
  readonly stdDevDays: number;
}

export interface LeadTimeEstimate {
  readonly meanDays: number;
  readonly stdDevDays: number;
  readonly observations: number;
  /** Mean of the observations alone; null without any. */
  readonly observedMeanDays: number | null;
  readonly source: 'configured' | 'learned';
}

/** Days from order to first receipt for the orders that have both; a receipt before its order is a data error and skipped. */
export function observedLeadTimes(orders: readonly PurchaseOrderTimes[]): number[] {
  const days: number[] = [];
  for (const order of orders) {
    if (order.receivedAt === null || order.receivedAt < order.placedAt) continue;
    days.push((order.receivedAt - order.placedAt) / MS_PER_DAY);
  }
  return days;
}

export function learnLeadTime(prior: LeadTimePrior, observedDays: readonly number[], priorWeight: number): LeadTimeEstimate {
  const count = observedDays.length;
  if (count === 0 || !(priorWeight >= 0)) {
    return { meanDays: prior.meanDays, stdDevDays: prior.stdDevDays, observations: count, observedMeanDays: null, source: 'configured' };
  }
  const observedMean = observedDays.reduce((sum, days) => sum + days, 0) / count;
  const squaredDeviations = observedDays.reduce((sum, days) => sum + (days - observedMean) ** 2, 0);
  const weight = priorWeight + count;
  const meanDays = (priorWeight * prior.meanDays + count * observedMean) / weight;
  const disagreement = ((priorWeight * count) / weight) * (observedMean - prior.meanDays) ** 2;
  const variance = (priorWeight * prior.stdDevDays ** 2 + squaredDeviations + disagreement) / weight;
  return { meanDays, stdDevDays: Math.sqrt(variance), observations: count, observedMeanDays: observedMean, source: 'learned' };
}
