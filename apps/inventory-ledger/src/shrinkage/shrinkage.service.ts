// A location's shrinkage by reason over a period: its adjustments (write-offs, losses, thefts,
// the variances counts derived, and what was found) summed per reason code. Read through the
// index of adjustments by location and time, so the work is the adjustments of that location in
// that period, never the movements of every kind or of every location.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';

export interface ShrinkageByReason {
  reasonCode: string;
  adjustments: number;
  /** Net change of on hand: negative when stock left. */
  quantity: number;
  unitsRemoved: number;
  unitsAdded: number;
  /** Net change of value at average cost, exact decimal text. */
  value: string;
}

export interface LocationShrinkage {
  locationId: string;
  from: string;
  to: string;
  reasons: ShrinkageByReason[];
}

@Injectable()
export class ShrinkageService {
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.schema = `"${config.DATABASE_SCHEMA}"`;
  }

  /** Undefined when the location holds no balance at all. */
  async byReason(locationId: string, from: Date, to: Date): Promise<LocationShrinkage | undefined> {
    const known: unknown[] = await this.dataSource.query(`SELECT 1 FROM ${this.schema}.stock_balance WHERE location_id = $1 LIMIT 1`, [locationId]);
    if (known.length === 0) return undefined;
    const rows: Array<Record<string, string>> = await this.dataSource.query(
      `SELECT payload->>'reasonCode' AS reason_code, count(*)::text AS adjustments, sum(quantity_delta)::text AS quantity,
              sum(-least(quantity_delta, 0))::text AS removed, sum(greatest(quantity_delta, 0))::text AS added, sum(value_delta)::numeric(24,4)::text AS value
         FROM ${this.schema}.movement
        WHERE kind = 'adjustment' AND location_id = $1 AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY 1 ORDER BY sum(value_delta), 1`,
      [locationId, from, to],
    );
    return {
      locationId,
      from: from.toISOString(),
      to: to.toISOString(),
      reasons: rows.map((row) => ({
        reasonCode: row['reason_code'] ?? 'unknown',
        adjustments: Number(row['adjustments']),
        quantity: Number(row['quantity']),
        unitsRemoved: Number(row['removed']),
        unitsAdded: Number(row['added']),
        value: String(row['value']),
      })),
    };
  }
}
