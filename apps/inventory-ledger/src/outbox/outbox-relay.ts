// Publishes outbox rows to Kafka in commit order and marks them published. Exactly one instance
// relays at a time (a PostgreSQL advisory lock held on a dedicated connection), so the events of
// one key leave in the order they were written; the others stand by and take over if it dies.
// A crash after the send and before the mark re-sends those rows: consumers drop them by eventId.
import type { DataSource, QueryRunner } from 'typeorm';
import { JsonLogger } from '@ledgerline/runtime';
import { prefixedTopic, type EventProducer } from '@ledgerline/messaging';

export interface OutboxRelayOptions {
  schema: string;
  topicPrefix: string;
  batchSize: number;
  idlePollMs: number;
}

interface PendingRow {
  outbox_seq: string;
  topic: string;
  message_key: string | null;
  payload: unknown;
}

export class OutboxRelay {
  private readonly logger = new JsonLogger('OutboxRelay');
  private runner: QueryRunner | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastError: string | undefined;
  private leader = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a batch commits, so events leave without waiting for the next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    if (this.runner && !this.runner.isReleased) await this.runner.release();
  }

  status(): { leader: boolean; lastError?: string } {
    return { leader: this.leader, lastError: this.lastError };
  }

  async pendingCount(): Promise<number> {
    const rows: Array<{ pending: string }> = await this.dataSource.query(
      `SELECT count(*)::text AS pending FROM "${this.options.schema}".outbox WHERE published_at IS NULL`,
    );
    return Number(rows[0]?.pending ?? 0);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.leader) this.leader = await this.tryBecomeLeader();
        const published = this.leader ? await this.publishOnce() : 0;
        this.lastError = undefined;
        if (published < this.options.batchSize) await this.idle(this.leader ? this.options.idlePollMs : 2_000);
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.warn('outbox relay failed; retrying', { error: this.lastError });
        await this.dropLeadership();
        await this.idle(1_000);
      }
    }
  }

  private async tryBecomeLeader(): Promise<boolean> {
    this.runner ??= this.dataSource.createQueryRunner();
    await this.runner.connect();
    const rows: Array<{ locked: boolean }> = await this.runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      `${this.options.schema}.outbox-relay`,
    ]);
    const locked = rows[0]?.locked === true;
    if (locked) this.logger.info('relaying the outbox');
    return locked;
  }

  private async dropLeadership(): Promise<void> {
    this.leader = false;
    const runner = this.runner;
    this.runner = undefined;
    // Releasing the connection ends the session and with it the advisory lock.
    if (runner && !runner.isReleased) await runner.release().catch(() => undefined);
  }

  private async publishOnce(): Promise<number> {
    const rows: PendingRow[] = await this.runner!.query(
      `SELECT outbox_seq, topic, message_key, payload FROM "${this.options.schema}".outbox
        WHERE published_at IS NULL ORDER BY outbox_seq LIMIT $1`,
      [this.options.batchSize],
    );
    if (rows.length === 0) return 0;
    await this.producer.send(
      rows.map((row) => ({
        topic: prefixedTopic(this.options.topicPrefix, row.topic),
        key: row.message_key,
        value: row.payload,
        headers: { 'x-event-id': (row.payload as { eventId?: string }).eventId ?? '' },
      })),
    );
    await this.runner!.query(`UPDATE "${this.options.schema}".outbox SET published_at = now() WHERE outbox_seq = ANY($1::bigint[])`, [
      rows.map((row) => row.outbox_seq),
    ]);
    return rows.length;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
