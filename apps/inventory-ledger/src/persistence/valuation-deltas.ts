// The valuation and adjustment deltas of a batch (valuationDeltasOf, adjustmentDeltasOf in the
// domain), each as one JSON document for jsonb_to_recordset, written by LedgerSql.writeBatch with the batch's other rows.
import type { AdjustmentDelta, LandedCostDelta, ValuationDelta } from '@ledgerline/inventory-domain';
import { formatMoney } from '@ledgerline/money';

export function valuationDeltaDocument(deltas: readonly ValuationDelta[]): string {
  return JSON.stringify(
    deltas.map((delta) => ({
      location_id: delta.locationId,
      day: delta.day,
      on_hand: delta.onHand,
      inventory_value: formatMoney(delta.inventoryValue),
      in_transit_value: formatMoney(delta.inTransitValue),
      cost_of_goods_sold: formatMoney(delta.costOfGoodsSold),
      balances: delta.balances,
      negative: delta.negative,
      stockout: delta.stockout,
      low: delta.low,
    })),
  );
}

/** The adjustment deltas of a batch (adjustmentDeltasOf) in the same form, for location_daily_adjustment. */
export function adjustmentDeltaDocument(deltas: readonly AdjustmentDelta[]): string {
  return JSON.stringify(
    deltas.map((delta) => ({
      location_id: delta.locationId,
      day: delta.day,
      reason_code: delta.reasonCode,
      quantity: delta.quantity,
      value: formatMoney(delta.value),
      movements: delta.movements,
    })),
  );
}

/** The landed-cost deltas of a batch (landedCostDeltasOf) in the same form, for location_daily_landed_cost. */
export function landedCostDeltaDocument(deltas: readonly LandedCostDelta[]): string {
  return JSON.stringify(
    deltas.map((delta) => ({
      location_id: delta.locationId,
      day: delta.day,
      cost_type: delta.costType,
      revalued: formatMoney(delta.revalued),
      variance: formatMoney(delta.variance),
      movements: delta.movements,
    })),
  );
}
