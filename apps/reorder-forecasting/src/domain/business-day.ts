// Calendar days in the business time zone. Demand is bucketed by the day on which it happened at
// the store, so "day" means a local calendar date ('YYYY-MM-DD'), not a UTC slice of 24 hours.

export type Day = string;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD, which is exactly the Day representation.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar day in `timeZone` at which the instant `epochMs` falls. */
export function dayOf(epochMs: number, timeZone: string): Day {
  if (!Number.isFinite(epochMs)) throw new RangeError(`instant must be a finite epoch time, got ${epochMs}`);
  return formatterFor(timeZone).format(new Date(epochMs));
}

export function isDay(value: string): value is Day {
  return DAY_PATTERN.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** The day `count` days after `day` (before, when negative). Pure calendar arithmetic. */
export function addDays(day: Day, count: number): Day {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  return new Date(midnight + count * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}
