// How many days the stock on hand lasts at the forecast's daily demand: what a store manager
// sorts by to see what runs out first.

/** Days until on hand runs out at `forecastDailyDemand`; 0 when nothing is on hand, null when the forecast expects no demand. */
export function daysOfCover(onHand: number, forecastDailyDemand: number): number | null {
  if (onHand <= 0) return 0;
  if (!(forecastDailyDemand > 0)) return null;
  return Math.round((onHand / forecastDailyDemand) * 10) / 10;
}
