// The rules a stock-changed event must meet beyond its contract before its demand is counted, and
// the codes of every refusal that is the message's own fault: these, and only these, set a record
// aside on forecasting.stock-changed.dead-letter.v1. Every other failure stalls the partition.

/** A record that does not decode or breaks its contract (decodeEvent's codes). */
export const CONTRACT_FAILURE_CODES = ['CONTRACT.EMPTY_VALUE', 'CONTRACT.INVALID_ENCODING', 'CONTRACT.MALFORMED_JSON', 'CONTRACT.VALIDATION_FAILED'] as const;

export const FORECASTING_RULE_CODES = ['FORECASTING.OCCURRED_AFTER_APPLIED'] as const;

/** Every reason reorder-forecasting dead-letters a stock change for. */
export const FORECASTING_MESSAGE_ERRORS = [...CONTRACT_FAILURE_CODES, ...FORECASTING_RULE_CODES] as const;
export type ForecastingMessageError = (typeof FORECASTING_MESSAGE_ERRORS)[number];

export interface RuleViolation {
  readonly reasonCode: (typeof FORECASTING_RULE_CODES)[number];
  readonly reason: string;
  readonly errors: Array<{ path: string; message: string }>;
}

/**
 * Clocks of tills and ERPs drift and the ledger stamps its own time, so a business time a little
 * after the ledger's is tolerated; a whole day after it is a wrong date at the source.
 */
export const OCCURRED_AFTER_APPLIED_TOLERANCE_MS = 86_400_000;

/**
 * A movement cannot have happened after the ledger applied it. Counted anyway, its demand would
 * land on a day that has not come, where every fit would read it as a spike that never happened.
 */
export function stockChangeRuleViolation(change: { readonly occurredAt: string; readonly appliedAt: string }): RuleViolation | null {
  const occurredAt = Date.parse(change.occurredAt);
  const appliedAt = Date.parse(change.appliedAt);
  if (occurredAt - appliedAt <= OCCURRED_AFTER_APPLIED_TOLERANCE_MS) return null;
  const hours = Math.floor((occurredAt - appliedAt) / 3_600_000);
  return {
    reasonCode: 'FORECASTING.OCCURRED_AFTER_APPLIED',
    reason: 'The stock change happened after the ledger applied it: its business time is wrong at the source',
    errors: [{ path: 'payload.occurredAt', message: `payload.occurredAt is ${hours} hours after payload.appliedAt (at most 24 are tolerated)` }],
  };
}
