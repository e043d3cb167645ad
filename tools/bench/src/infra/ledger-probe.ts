// Reads the ledger's progress straight from its database, as an operator would: movements
// applied, outbox rows still to publish, and when the outbox rows were published.
import { Client } from 'pg';
import { LEDGER_SCHEMA } from './services';

export interface LedgerProgress {
  applied: number;
  unpublished: number;
}

export class LedgerProbe {
  private constructor(private readonly client: Client) {}

  static async open(databaseUrl: string): Promise<LedgerProbe> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'bench-probe' });
    await client.connect();
    return new LedgerProbe(client);
  }

  /** Null until the ledger created its tables. */
  async progress(): Promise<LedgerProgress | null> {
    try {
      const { rows } = await this.client.query<{ applied: string; unpublished: string }>(
        `SELECT (SELECT count(*) FROM ${LEDGER_SCHEMA}.movement) AS applied,
                (SELECT count(*) FROM ${LEDGER_SCHEMA}.outbox WHERE published_at IS NULL) AS unpublished`,
      );
      const [counts] = rows;
      return { applied: Number(counts?.applied ?? 0), unpublished: Number(counts?.unpublished ?? 0) };
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return null;
      throw error;
    }
  }

  /** When the first applied batch started (its transaction time), in epoch ms. */
  async firstAppliedAt(): Promise<number> {
    const { rows } = await this.client.query<{ at: Date }>(`SELECT min(recorded_at) AS at FROM ${LEDGER_SCHEMA}.movement`);
    return rows[0]?.at.getTime() ?? Number.NaN;
  }

  /** Events the relay published and the span over which it published them. */
  async outboxSpan(): Promise<{ published: number; seconds: number; byTopic: Record<string, number> }> {
    const { rows } = await this.client.query<{ topic: string; published: string; first: Date; last: Date }>(
      `SELECT topic, count(*) AS published, min(published_at) AS first, max(published_at) AS last
         FROM ${LEDGER_SCHEMA}.outbox WHERE published_at IS NOT NULL GROUP BY topic`,
    );
    const first = Math.min(...rows.map((row) => row.first.getTime()));
    const last = Math.max(...rows.map((row) => row.last.getTime()));
    return {
      published: rows.reduce((sum, row) => sum + Number(row.published), 0),
      seconds: (last - first) / 1000,
      byTopic: Object.fromEntries(rows.map((row) => [row.topic, Number(row.published)])),
    };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
