// The latest fit per item/location and the policy fields operators set per item/location.
import type { EntityManager } from 'typeorm';
import type { Day } from '../domain/business-day';
import type { ForecastQuantile, HoldoutAccuracy, ReplenishmentNumbers } from '../domain/item-forecast';
import { type ItemPolicy, POLICY_FIELDS, type PolicyOverrides } from '../domain/item-policy';
import type { LeadTimeEstimate } from '../domain/lead-time';
import type { ItemLocation } from '../domain/stock-change';
import { daysOfCoverSql } from './days-of-cover-column';

export interface StoredForecast extends ItemLocation {
  readonly fittedAt: string;
  readonly historyFrom: Day | null;
  readonly historyTo: Day;
  readonly historyDays: number;
  readonly censoredDays: number;
  readonly historyDemand: number;
  readonly method: string;
  readonly demandClass: string;
  readonly forecast: {
    readonly selectionReason: string;
    readonly firstDay: Day;
    readonly pointForecast: number[];
    readonly distribution: string;
    readonly quantiles: ForecastQuantile[];
  };
  readonly accuracy: HoldoutAccuracy | null;
  readonly leadTime: LeadTimeEstimate;
  readonly policy: ItemPolicy;
  readonly replenishment: ReplenishmentNumbers;
}

const POLICY_COLUMNS: Record<keyof ItemPolicy, string> = {
  leadTimeDays: 'lead_time_days',
  leadTimeStdDevDays: 'lead_time_std_dev_days',
  serviceLevel: 'service_level',
  reviewPeriodDays: 'review_period_days',
  packSize: 'pack_size',
  minimumOrderQuantity: 'minimum_order_quantity',
  orderingCost: 'ordering_cost',
  holdingCostRate: 'holding_cost_rate',
  unitCost: 'unit_cost',
  orderQuantityRule: 'order_quantity_rule',
};
const MONEY_FIELDS: ReadonlySet<keyof ItemPolicy> = new Set(['orderingCost', 'unitCost']);

export class ForecastSql {
  constructor(private readonly schema: string) {}

  /** The fit, and the days of cover of the key's position at its forecast daily demand. */
  async saveForecast(manager: EntityManager, stored: StoredForecast): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('item_forecast')} (sku, location_id, fitted_at, history_from, history_to, history_days, censored_days,
          history_demand, method, demand_class, forecast, accuracy, lead_time, policy, forecast_daily_demand, safety_stock,
          reorder_point, order_quantity, replenishment)
       VALUES ($1, $2, $3, $4::date, $5::date, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13::jsonb, $14::jsonb, $15, $16, $17, $18, $19::jsonb)
       ON CONFLICT (sku, location_id) DO UPDATE SET fitted_at = excluded.fitted_at, history_from = excluded.history_from,
          history_to = excluded.history_to, history_days = excluded.history_days, censored_days = excluded.censored_days,
          history_demand = excluded.history_demand, method = excluded.method, demand_class = excluded.demand_class,
          forecast = excluded.forecast, accuracy = excluded.accuracy, lead_time = excluded.lead_time, policy = excluded.policy,
          forecast_daily_demand = excluded.forecast_daily_demand, safety_stock = excluded.safety_stock,
          reorder_point = excluded.reorder_point, order_quantity = excluded.order_quantity, replenishment = excluded.replenishment`,
      [
        stored.sku,
        stored.locationId,
        stored.fittedAt,
        stored.historyFrom,
        stored.historyTo,
        stored.historyDays,
        stored.censoredDays,
        stored.historyDemand,
        stored.method,
        stored.demandClass,
        JSON.stringify(stored.forecast),
        stored.accuracy === null ? null : JSON.stringify(stored.accuracy),
        JSON.stringify(stored.leadTime),
        JSON.stringify(stored.policy),
        stored.replenishment.forecastDailyDemand,
        stored.replenishment.safetyStock,
        stored.replenishment.reorderPoint,
        stored.replenishment.orderQuantity,
        JSON.stringify(stored.replenishment),
      ],
    );
    // The caller holds the position's lock, so the intake cannot change on hand in between.
    await manager.query(
      `UPDATE ${this.t('stock_position')} SET days_of_cover = ${daysOfCoverSql('on_hand', '$3::double precision')} WHERE sku = $1 AND location_id = $2`,
      [stored.sku, stored.locationId, stored.replenishment.forecastDailyDemand],
    );
  }

  async forecastsOf(manager: EntityManager, items: readonly ItemLocation[]): Promise<Map<string, StoredForecast>> {
    if (items.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT f.* FROM unnest($1::text[], $2::text[]) AS k(sku, location_id)
        CROSS JOIN LATERAL (
          SELECT f.sku, f.location_id, f.fitted_at, f.history_from::text AS history_from, f.history_to::text AS history_to, f.history_days,
                 f.censored_days, f.history_demand, f.method, f.demand_class, f.forecast, f.accuracy, f.lead_time, f.policy, f.replenishment
            FROM ${this.t('item_forecast')} f WHERE f.sku = k.sku AND f.location_id = k.location_id LIMIT 1) AS f`,
      [items.map((item) => item.sku), items.map((item) => item.locationId)],
    );
    return new Map(rows.map((row) => [`${String(row['sku'])}@${String(row['location_id'])}`, toStoredForecast(row)]));
  }

  async policyOverrides(manager: EntityManager, item: ItemLocation): Promise<PolicyOverrides | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT * FROM ${this.t('item_policy')} WHERE sku = $1 AND location_id = $2`,
      [item.sku, item.locationId],
    );
    const row = rows[0];
    if (!row) return null;
    const overrides: Record<string, unknown> = {};
    for (const field of POLICY_FIELDS) {
      const value = row[POLICY_COLUMNS[field]];
      if (value === null || value === undefined) continue;
      overrides[field] = MONEY_FIELDS.has(field) || field === 'orderQuantityRule' ? String(value) : Number(value);
    }
    return overrides as PolicyOverrides;
  }

  /** Replaces the item's overrides: fields absent from `overrides` fall back to the defaults. */
  async replacePolicyOverrides(manager: EntityManager, item: ItemLocation, overrides: PolicyOverrides): Promise<void> {
    const values = POLICY_FIELDS.map((field) => overrides[field] ?? null);
    const columns = POLICY_FIELDS.map((field) => POLICY_COLUMNS[field]);
    await manager.query(
      `INSERT INTO ${this.t('item_policy')} (sku, location_id, ${columns.join(', ')}, updated_at)
       VALUES ($1, $2, ${columns.map((_, index) => `$${index + 3}`).join(', ')}, now())
       ON CONFLICT (sku, location_id) DO UPDATE SET ${columns.map((column) => `${column} = excluded.${column}`).join(', ')}, updated_at = now()`,
      [item.sku, item.locationId, ...values],
    );
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}

function toStoredForecast(row: Record<string, unknown>): StoredForecast {
  return {
    sku: String(row['sku']),
    locationId: String(row['location_id']),
    fittedAt: (row['fitted_at'] as Date).toISOString(),
    historyFrom: (row['history_from'] as string | null) ?? null,
    historyTo: String(row['history_to']),
    historyDays: Number(row['history_days']),
    censoredDays: Number(row['censored_days']),
    historyDemand: Number(row['history_demand']),
    method: String(row['method']),
    demandClass: String(row['demand_class']),
    forecast: row['forecast'] as StoredForecast['forecast'],
    accuracy: (row['accuracy'] as HoldoutAccuracy | null) ?? null,
    leadTime: row['lead_time'] as LeadTimeEstimate,
    policy: row['policy'] as ItemPolicy,
    replenishment: row['replenishment'] as ReplenishmentNumbers,
  };
}
