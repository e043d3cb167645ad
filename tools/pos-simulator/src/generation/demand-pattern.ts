// How busy the shops are at a moment of the simulated week: quiet nights, a lunch peak and an
// after-work peak, busy Fridays and Saturdays, a slow Sunday. The simulated clock runs faster than
// the real one (one simulated day per `dayLengthSeconds` of real time) so the waves are visible on
// the dashboard within minutes; the multipliers average to 1 over a week, so the configured rate
// is the mean rate.

const HOURLY_SHAPE = [
  0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.25, 0.55, 0.85, 0.95, 1.05, 1.25,
  1.6, 1.45, 1.1, 1.05, 1.2, 1.65, 1.8, 1.5, 1.0, 0.6, 0.3, 0.12,
];
/** Monday first. */
const WEEKDAY_SHAPE = [0.85, 0.9, 0.95, 1.0, 1.25, 1.45, 0.6];

const HOUR_MEAN = HOURLY_SHAPE.reduce((sum, value) => sum + value, 0) / HOURLY_SHAPE.length;
const WEEKDAY_MEAN = WEEKDAY_SHAPE.reduce((sum, value) => sum + value, 0) / WEEKDAY_SHAPE.length;

export interface SimulatedMoment {
  /** 0 = Monday. */
  readonly weekday: number;
  /** Fractional hour of the day, 0 <= hour < 24. */
  readonly hour: number;
}

/** Rate multiplier at a simulated moment; linear between hours so the rate has no steps. */
export function demandMultiplier({ weekday, hour }: SimulatedMoment): number {
  const base = Math.floor(hour) % 24;
  const fraction = hour - Math.floor(hour);
  const hourly = (HOURLY_SHAPE[base] as number) * (1 - fraction) + (HOURLY_SHAPE[(base + 1) % 24] as number) * fraction;
  return (hourly / HOUR_MEAN) * ((WEEKDAY_SHAPE[((weekday % 7) + 7) % 7] as number) / WEEKDAY_MEAN);
}

export interface SimulatedClockOptions {
  /** Real seconds one simulated day lasts; 86400 runs the pattern in real time. */
  readonly dayLengthSeconds: number;
  /** Simulated moment the run starts at. */
  readonly start: SimulatedMoment;
}

/** The simulated moment `elapsedSeconds` of real time after the start. */
export function simulatedMomentAt(elapsedSeconds: number, { dayLengthSeconds, start }: SimulatedClockOptions): SimulatedMoment {
  const days = elapsedSeconds / dayLengthSeconds + start.weekday + start.hour / 24;
  const weekday = Math.floor(days) % 7;
  return { weekday, hour: (days - Math.floor(days)) * 24 };
}
