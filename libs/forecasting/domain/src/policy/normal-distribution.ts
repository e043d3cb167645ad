/**
 * Standard normal distribution: the CDF through an accurate complementary error function, and its
 * inverse (the z of a service level) by Acklam's rational approximation (relative error about
 * 1e-9) polished with one Halley step against that CDF, which brings it to double precision.
 */
import { ForecastingError } from '../forecasting.error';

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_TWO = Math.SQRT2;
const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

/** Below this, erfc = 1 - erf from a series of positive terms; above, a continued fraction. */
const SERIES_LIMIT = 2;
const CONTINUED_FRACTION_DEPTH = 60;

/** erfc(x) with a relative error near machine precision across the range that matters here. */
export function complementaryErrorFunction(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - complementaryErrorFunction(-x);
  if (x < SERIES_LIMIT) {
    // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n x^(2n+1) 2^n / (1*3*...*(2n+1)): no cancellation.
    const twoXSquared = 2 * x * x;
    let term = x;
    let sum = x;
    for (let n = 0; n < 100 && term > sum * 1e-17; n++) {
      term *= twoXSquared / (2 * n + 3);
      sum += term;
    }
    return 1 - ((2 / SQRT_PI) * Math.exp(-x * x) * sum);
  }
  if (x > 27) return 0;
  // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated backwards.
  let denominator = x;
  for (let k = CONTINUED_FRACTION_DEPTH; k >= 1; k--) denominator = x + k / 2 / denominator;
  return Math.exp(-x * x) / SQRT_PI / denominator;
}

export function standardNormalCdf(x: number): number {
  return 0.5 * complementaryErrorFunction(-x / SQRT_TWO);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const LOWER_REGION = 0.02425;

/** z such that P(Z <= z) = probability, for probability in (0, 1). */
export function inverseStandardNormal(probability: number): number {
  if (!(probability > 0 && probability < 1)) {
    throw new ForecastingError('POLICY.INVALID_PROBABILITY', `probability must be strictly between 0 and 1, got ${probability}`);
  }
  if (probability === 0.5) return 0;
  // Work in the lower half where the tail probability is exact, and mirror.
  return probability < 0.5 ? lowerHalfQuantile(probability) : -lowerHalfQuantile(1 - probability);
}

function lowerHalfQuantile(p: number): number {
  let x: number;
  if (p < LOWER_REGION) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  // One Halley step on F(x) - p = 0.
  const error = standardNormalCdf(x) - p;
  const u = error * SQRT_TWO_PI * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
