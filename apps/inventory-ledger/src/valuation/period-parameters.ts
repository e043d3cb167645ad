// Parses the business days and the grouping of the period queries (cost of goods sold, the period
// report); a bad one is a 400 naming the parameter and the reason.
import { invalidQuery } from '../query/query-parameters';
import type { CostPeriod } from './valuation-sql';

/** The longest period one query may ask for: ten years of days. */
export const MAX_PERIOD_DAYS = 3_660;

export interface AskedPeriod {
  from: string;
  to: string;
  groupBy: CostPeriod;
}

/** `from` and `to` are UTC business days (YYYY-MM-DD), both included. */
export function parsePeriod(from: string | undefined, to: string | undefined, groupBy: string | undefined): AskedPeriod {
  const first = parseDay(from, 'from');
  const last = parseDay(to, 'to');
  if (last < first) throw invalidQuery('to', 'must not be before from');
  if ((Date.parse(last) - Date.parse(first)) / 86_400_000 >= MAX_PERIOD_DAYS) throw invalidQuery('to', `must be within ${MAX_PERIOD_DAYS} days of from`);
  return { from: first, to: last, groupBy: parseGrouping(groupBy) };
}

/** A UTC day, YYYY-MM-DD, that exists; else a 400 naming `field`. */
export function parseDay(value: string | undefined, field: string): string {
  const time = value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00.000Z`) : Number.NaN;
  // Date.parse rolls some impossible days over (2026-02-30); the round trip refuses them.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) throw invalidQuery(field, 'must be a day, YYYY-MM-DD');
  return value;
}

function parseGrouping(value: string | undefined): CostPeriod {
  if (value === undefined || value === 'day') return 'day';
  if (value === 'month') return 'month';
  throw invalidQuery('groupBy', 'must be day or month');
}
