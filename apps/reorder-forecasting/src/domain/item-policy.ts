// The replenishment policy of an item at a location: the defaults from configuration with the
// fields an operator set for this item/location on top, and the settings the forecasting domain's
// replenishment plan takes. Costs are decimal strings like all money on the platform; they only
// feed the order-size trade-off, an estimate, so they become numbers there.
import type { ReplenishmentSettings } from '@ledgerline/forecasting-domain';
import type { LeadTimeEstimate } from './lead-time';

export type OrderQuantityRuleName = 'economic' | 'order-up-to';

export interface ItemPolicy {
  readonly leadTimeDays: number;
  readonly leadTimeStdDevDays: number;
  /** Cycle service level in [0.5, 1). */
  readonly serviceLevel: number;
  /** Days between reviews; 0 for continuous review (the usual case for an event-driven service). */
  readonly reviewPeriodDays: number;
  readonly packSize: number;
  readonly minimumOrderQuantity: number;
  /** Fixed cost of placing one order. */
  readonly orderingCost: string;
  /** Yearly cost of holding one unit, as a share of its unit cost. */
  readonly holdingCostRate: number;
  readonly unitCost: string;
  readonly orderQuantityRule: OrderQuantityRuleName;
}

export type PolicyOverrides = Partial<ItemPolicy>;

export const POLICY_FIELDS: readonly (keyof ItemPolicy)[] = [
  'leadTimeDays',
  'leadTimeStdDevDays',
  'serviceLevel',
  'reviewPeriodDays',
  'packSize',
  'minimumOrderQuantity',
  'orderingCost',
  'holdingCostRate',
  'unitCost',
  'orderQuantityRule',
];

const DAYS_PER_YEAR = 365;

export function effectivePolicy(defaults: ItemPolicy, overrides: PolicyOverrides | null | undefined): ItemPolicy {
  if (!overrides) return defaults;
  const merged: Record<string, unknown> = { ...defaults };
  for (const field of POLICY_FIELDS) {
    const value = overrides[field];
    if (value !== undefined && value !== null) merged[field] = value;
  }
  return merged as unknown as ItemPolicy;
}

/** Cost of holding one unit for one day, the period of the daily forecast. */
export function holdingCostPerUnitPerDay(policy: ItemPolicy): number {
  return (Number(policy.unitCost) * policy.holdingCostRate) / DAYS_PER_YEAR;
}

/**
 * Settings for planReplenishment. The economic order quantity needs a holding cost; an item with
 * no unit cost or holding rate has none, so it is ordered up to its reorder level instead. The
 * service factor comes from the measured shape of the forecast's lead-time errors: with the
 * normal factor, real daily demand (a forecast that trails a rise errs low over the whole lead
 * time at once) got about 1.5 points less cycle service than asked.
 */
export function replenishmentSettings(policy: ItemPolicy, leadTime: Pick<LeadTimeEstimate, 'meanDays' | 'stdDevDays'>): ReplenishmentSettings {
  const holding = holdingCostPerUnitPerDay(policy);
  const economic = policy.orderQuantityRule === 'economic' && holding > 0;
  return {
    serviceLevel: policy.serviceLevel,
    leadTimePeriods: leadTime.meanDays,
    leadTimeStdDevPeriods: leadTime.stdDevDays,
    reviewPeriods: policy.reviewPeriodDays,
    packSize: policy.packSize,
    minimumOrderQuantity: policy.minimumOrderQuantity,
    serviceFactor: 'measured',
    orderQuantity: economic
      ? { rule: 'economic', orderingCost: Number(policy.orderingCost), holdingCostPerUnitPerPeriod: holding }
      : { rule: 'order-up-to' },
  };
}
