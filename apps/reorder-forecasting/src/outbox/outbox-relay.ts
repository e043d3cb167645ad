// Sends outbox rows to Kafka in the order they were written, then marks them sent. One instance
// relays at a time: it holds a PostgreSQL advisory lock on a connection of its own, so the events
// of one item leave in order; the others wait and take over when that connection dies. A crash
// between the send and the mark sends those rows again with the same event ids, which consumers
// drop; nothing is lost, because a row leaves the outbox only after the broker acknowledged it.
import type { DataSource } from 'typeorm';
import { prefixedTopic, type EventProducer } from '@ledgerline/messaging';
import { JsonLogger, LeaderLock } from '@ledgerline/runtime';

export interface OutboxRelaySettings {
  readonly schema: string;
  readonly topicPrefix: string;
  readonly batchSize: number;
  readonly idlePollMs: number;
}

interface OutboxRow {
  outbox_seq: string;
  topic: string;
  message_key: string | null;
  payload: { eventId?: string };
}

const STANDBY_POLL_MS = 2_000;
const RETRY_AFTER_FAILURE_MS = 1_000;

export class OutboxRelay {
  private readonly logger = new JsonLogger('OutboxRelay');
  private readonly leadership: LeaderLock;
  private active = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private failure: string | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly settings: OutboxRelaySettings,
  ) {
    this.leadership = new LeaderLock(dataSource, `${settings.schema}.outbox-relay`);
  }

  start(): void {
    this.active = true;
    this.loop = this.relayUntilStopped();
  }

  /** Wakes the relay after a commit that wrote events, instead of waiting for its next poll. */
  notify(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.active = false;
    this.wakeUp?.();
    await this.loop;
    await this.leadership.release();
  }

  lastFailure(): string | undefined {
    return this.failure;
  }

  async unsentCount(): Promise<number> {
    const rows: Array<{ unsent: string }> = await this.dataSource.query(
      `SELECT count(*)::text AS unsent FROM "${this.settings.schema}".outbox WHERE published_at IS NULL`,
    );
    return Number(rows[0]?.unsent ?? 0);
  }

  private async relayUntilStopped(): Promise<void> {
    while (this.active) {
      try {
        const leading = await this.leadership.tryAcquire();
        const sent = leading ? await this.sendNextBatch() : 0;
        this.failure = undefined;
        if (sent < this.settings.batchSize) await this.pause(leading ? this.settings.idlePollMs : STANDBY_POLL_MS);
      } catch (error) {
        this.failure = error instanceof Error ? error.message : String(error);
        this.logger.warn('outbox relay failed; retrying', { error: this.failure });
        await this.leadership.release();
        await this.pause(RETRY_AFTER_FAILURE_MS);
      }
    }
  }

  private async sendNextBatch(): Promise<number> {
    const rows = await this.leadership.query<OutboxRow[]>(
      `SELECT outbox_seq, topic, message_key, payload FROM "${this.settings.schema}".outbox
        WHERE published_at IS NULL ORDER BY outbox_seq LIMIT $1`,
      [this.settings.batchSize],
    );
    if (rows.length === 0) return 0;
    await this.producer.send(
      rows.map((row) => ({
        topic: prefixedTopic(this.settings.topicPrefix, row.topic),
        key: row.message_key,
        value: row.payload,
        headers: { 'x-event-id': row.payload.eventId ?? '' },
      })),
    );
    await this.leadership.query(`UPDATE "${this.settings.schema}".outbox SET published_at = now() WHERE outbox_seq = ANY($1::bigint[])`, [
      rows.map((row) => row.outbox_seq),
    ]);
    return rows.length;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resume, ms);
      function resume(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = resume;
    });
  }
}
