// A key's FIFO layers (docs/valuation.md, "FIFO layers"), oldest first, on hand and in transit: the
// key's balance and its first layers of each pool, read by the key's primary-key prefix in one
// statement, so the cost is the layers shown, never the key's history.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { divideRounded, formatMoney, parseMoney } from '@ledgerline/money';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';

export interface LayerView {
  receivedAt: string;
  units: number;
  value: string;
  /** value / units, half to even: for display. */
  unitCost: string;
}

export interface PoolLayersView {
  units: number;
  value: string;
  /** Oldest first, at most the limit asked. */
  layers: LayerView[];
  /** True when the pool holds more layers than shown. */
  more: boolean;
}

export interface KeyLayersView {
  sku: string;
  locationId: string;
  valuationMethod: string;
  balanceVersion: number;
  onHand: PoolLayersView;
  inTransit: PoolLayersView;
}

interface LayerRow {
  fact: 'balance' | 'on-hand' | 'in-transit';
  method: string | null;
  version: string | null;
  units: string;
  value: string;
  received_at: Date | null;
  in_transit: string | null;
  in_transit_value: string | null;
}

@Injectable()
export class StockLayersService {
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: Pick<LedgerConfig, 'DATABASE_SCHEMA'>,
  ) {
    this.schema = `"${config.DATABASE_SCHEMA}"`;
  }

  /** Undefined when the ledger holds no balance for the key; a key at moving average has no layers. */
  async layers(sku: string, locationId: string, limit: number): Promise<KeyLayersView | undefined> {
    const pool = (name: string) =>
      `(SELECT '${name}', NULL, NULL, units::text, value::text, received_at, NULL, NULL FROM ${this.schema}.stock_layer
         WHERE sku = $1 AND location_id = $2 AND pool = '${name}' ORDER BY position LIMIT $3 + 1)`;
    const rows: LayerRow[] = await this.dataSource.query(
      `SELECT 'balance' AS fact, valuation_method AS method, version::text AS version, on_hand::text AS units, inventory_value::text AS value, NULL::timestamptz AS received_at,
              in_transit::text AS in_transit, in_transit_value::text AS in_transit_value
         FROM ${this.schema}.stock_balance WHERE sku = $1 AND location_id = $2 AND version > 0
       UNION ALL ${pool('on-hand')}
       UNION ALL ${pool('in-transit')}`,
      [sku, locationId, limit],
    );
    const balance = rows.find((row) => row.fact === 'balance');
    if (balance === undefined) return undefined;
    return {
      sku,
      locationId,
      valuationMethod: balance.method ?? 'moving-average',
      balanceVersion: Number(balance.version),
      onHand: poolView(balance.units, balance.value, rows.filter((row) => row.fact === 'on-hand'), limit),
      inTransit: poolView(balance.in_transit ?? '0', balance.in_transit_value ?? '0.0000', rows.filter((row) => row.fact === 'in-transit'), limit),
    };
  }
}

function poolView(units: string, value: string, rows: LayerRow[], limit: number): PoolLayersView {
  return {
    units: Number(units),
    value,
    layers: rows.slice(0, limit).map((row) => ({
      receivedAt: row.received_at!.toISOString(),
      units: Number(row.units),
      value: row.value,
      unitCost: formatMoney(divideRounded(parseMoney(row.value), Number(row.units))),
    })),
    more: rows.length > limit,
  };
}
