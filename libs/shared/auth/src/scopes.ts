// The scopes a service credential can hold. Each names one kind of access to one service, so a
// credential given to a reader cannot write and one given to a dashboard cannot administer.
export const SCOPES = {
  /** inventory-ledger: stock by SKU and location, history, drift findings. */
  stockRead: 'stock:read',
  /** inventory-ledger: valuation totals and cost of goods sold. */
  valuationRead: 'valuation:read',
  /** inventory-ledger: close the books through a day (finance); see the closes. */
  periodsClose: 'periods:close',
  /** inventory-ledger: reserve stock, extend, release and fulfil reservations. */
  reservationWrite: 'reservation:write',
  /** reorder-forecasting: forecasts, policies and suggestions. */
  forecastRead: 'forecast:read',
  /** reorder-forecasting: set the policy of an item/location. */
  policyWrite: 'policy:write',
  /** reorder-forecasting: ask for refits (rate-limited: a refit is expensive). */
  forecastRefit: 'forecast:refit',
  /** pos-ingestion: post receipts, adjustments, transfers, purchase orders and counts for any location (ERP, WMS). */
  movementsWrite: 'movements:write',
  /** pos-ingestion: see the book figures of cycle counts, approve or reject held counts, read record accuracy (not counting itself). */
  countsReview: 'counts:review',
  /** pos-ingestion: read a location's count list of a day and its record accuracy, never a book or counted figure, never a write; the dashboard's. */
  countsRead: 'counts:read',
  /** pos-ingestion: read the recent rejections. */
  rejectionsRead: 'rejections:read',
  /** ops-dashboard: see its pages' data (the live picture, search, items, locations, alerts); the viewer role. */
  dashboardView: 'dashboard:view',
  /** ops-dashboard: acknowledge an alert, with a note. */
  alertsAcknowledge: 'alerts:acknowledge',
  /** ops-dashboard: see dead letters, replay or discard them through the owning service. */
  deadLettersAct: 'dead-letters:act',
  /** Any service's admin API: stores, POS keys, service credentials, dead letters. */
  admin: 'admin',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

const ALL_SCOPES: ReadonlySet<string> = new Set(Object.values(SCOPES));

export function isScope(value: string): value is Scope {
  return ALL_SCOPES.has(value);
}
