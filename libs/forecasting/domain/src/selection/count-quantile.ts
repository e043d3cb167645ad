/**
 * Quantile of a demand count with a given mean and variance: negative binomial when the variance
 * exceeds the mean (over-dispersed, the usual case for intermittent demand), Poisson otherwise.
 * The distribution is summed term by term from zero, which is exact and cheap for the small means
 * of intermittent items; above LARGE_MEAN the normal approximation takes over.
 */
import { inverseStandardNormal } from '../policy/normal-distribution';

/** Above this mean the count is close to normal and the term-by-term sum would be slow. */
const LARGE_MEAN = 500;

/** Smallest count q with P(X <= q) >= probability. */
export function countQuantile(mean: number, variance: number, probability: number): number {
  if (!(mean > 0)) return 0;
  if (mean > LARGE_MEAN) return Math.max(0, Math.ceil(mean + inverseStandardNormal(probability) * Math.sqrt(Math.max(variance, mean))));
  const overDispersed = variance > mean * (1 + 1e-9);
  // Negative binomial with success probability p = mean / variance and size r = mean^2 / (variance - mean).
  const successProbability = overDispersed ? mean / variance : 1;
  const size = overDispersed ? (mean * mean) / (variance - mean) : 0;
  let term = overDispersed ? Math.exp(size * Math.log(successProbability)) : Math.exp(-mean);
  let cumulative = term;
  let count = 0;
  // Far beyond any useful quantile; stops the loop if rounding keeps the sum just short of p.
  const limit = Math.ceil(mean + 50 * Math.sqrt(Math.max(variance, mean)) + 50);
  while (cumulative < probability && count < limit) {
    term *= overDispersed ? ((count + size) / (count + 1)) * (1 - successProbability) : mean / (count + 1);
    count++;
    cumulative += term;
  }
  return count;
}
