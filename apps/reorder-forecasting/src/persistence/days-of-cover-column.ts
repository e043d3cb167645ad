// stock_position.days_of_cover in SQL: the rule of domain/days-of-cover.ts before its rounding
// (0 with nothing on hand, on hand over a positive forecast daily demand, else null), so a
// location's keys are ordered by the exact ratio and an answer rounds it with the domain rule.
// Every statement that changes a position's on hand or its forecast sets the column with this.

/** The days of cover of `onHand` at `dailyDemand` (SQL expressions); null when the demand is null (no fit). */
export function daysOfCoverSql(onHand: string, dailyDemand: string): string {
  return `(CASE WHEN ${dailyDemand} IS NULL THEN NULL WHEN ${onHand} <= 0 THEN 0::double precision WHEN ${dailyDemand} > 0 THEN ${onHand}::double precision / ${dailyDemand} END)`;
}
