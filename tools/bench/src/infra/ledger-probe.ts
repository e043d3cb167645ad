// Reads the ledger's progress straight from its database, as an operator would: movements
// applied, outbox rows still to publish, and when the outbox rows were published. It polls
// often, so the poll must cost the ledger's database next to nothing: the highest movement_seq
// (one index probe) stands in for the count until it reaches the target, and only then is the
// exact count taken.
import type { Kafka } from 'kafkajs';
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

  /**
   * Null until the ledger created its tables. `applied` is exact once it reaches `target`; below
   * it, it may run ahead by the numbers of rolled-back batches (never the case in a clean run).
   */
  async progress(target: number): Promise<LedgerProgress | null> {
    try {
      const { rows } = await this.client.query<{ highest: string | null; unpublished: string }>(
        `SELECT (SELECT max(movement_seq) FROM ${LEDGER_SCHEMA}.movement) AS highest,
                (SELECT count(*) FROM ${LEDGER_SCHEMA}.outbox WHERE published_at IS NULL) AS unpublished`,
      );
      const [counts] = rows;
      let applied = Number(counts?.highest ?? 0);
      if (applied >= target) applied = await this.appliedCount();
      return { applied, unpublished: Number(counts?.unpublished ?? 0) };
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return null;
      throw error;
    }
  }

  /** The server processes of the other connections to this database: the ledger's pool. */
  async otherBackendPids(): Promise<number[]> {
    const { rows } = await this.client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return rows.map((row) => row.pid);
  }

  /** Movements in the ledger, counted exactly (a scan: for the end of a run, not for polling). */
  async appliedCount(): Promise<number> {
    const { rows } = await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.movement`);
    return Number(rows[0]?.n ?? 0);
  }

  /** When the first applied batch started (its transaction time), in epoch ms. */
  async firstAppliedAt(): Promise<number> {
    const { rows } = await this.client.query<{ at: Date }>(`SELECT min(recorded_at) AS at FROM ${LEDGER_SCHEMA}.movement`);
    return rows[0]?.at.getTime() ?? Number.NaN;
  }

  /**
   * Events the relay published (the end offsets of the ledger's output topics, which nothing
   * else writes in a bench run) and the span over which it marked outbox rows published.
   */
  async outboxSpan(kafka: Kafka, topics: Record<string, string>): Promise<{ published: number; seconds: number; byTopic: Record<string, number> }> {
    const { rows } = await this.client.query<{ first: Date; last: Date }>(
      `SELECT min(published_at) AS first, max(published_at) AS last FROM ${LEDGER_SCHEMA}.outbox WHERE published_at IS NOT NULL`,
    );
    const admin = kafka.admin();
    await admin.connect();
    const byTopic: Record<string, number> = {};
    try {
      for (const [name, topic] of Object.entries(topics)) {
        const offsets = await admin.fetchTopicOffsets(topic);
        byTopic[name] = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
      }
    } finally {
      await admin.disconnect();
    }
    return {
      published: Object.values(byTopic).reduce((sum, events) => sum + events, 0),
      seconds: ((rows[0]?.last.getTime() ?? 0) - (rows[0]?.first.getTime() ?? 0)) / 1000,
      byTopic,
    };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
