/** Input checks shared by the policy functions; each failure names the field and the reason. */
import { ForecastingError } from '../forecasting.error';

export function requireNonNegative(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new ForecastingError('POLICY.INVALID_INPUT', `${field} must be a finite number >= 0, got ${value}`);
  }
}

export function requirePositive(field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new ForecastingError('POLICY.INVALID_INPUT', `${field} must be a finite number > 0, got ${value}`);
  }
}

/** Cycle service levels below one half would ask for negative safety stock; 1 is unreachable. */
export function requireServiceLevel(value: number): void {
  if (!(value >= 0.5 && value < 1)) {
    throw new ForecastingError('POLICY.INVALID_SERVICE_LEVEL', `serviceLevel must be in [0.5, 1), got ${value}`);
  }
}
