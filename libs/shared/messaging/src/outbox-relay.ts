// Publishes a service's transactional outbox to Kafka in the order rows were written and marks
// them published. Exactly one instance relays at a time (LeaderLock), so the events of one key
// leave in the order they were written; the others stand by and take over if it dies. A crash
// after the send and before the mark re-sends those rows: consumers drop them by eventId.
//
// A row may stand for many events (an expansion): the ledger writes one row per applied batch
// naming the movements it recorded, and builds their events from those movements (kept in memory
// or read back) when the row is published. The row is marked published only after every event it stands for was sent.
//
// The outbox table, in the service's schema: outbox_seq bigserial PRIMARY KEY, event_id text
// UNIQUE, topic text (unprefixed), message_key text, payload jsonb (the enveloped event),
// published_at timestamptz (NULL until published), with an index on outbox_seq WHERE
// published_at IS NULL.
import type { DataSource } from 'typeorm';
import { JsonLogger, LeaderLock } from '@ledgerline/runtime';
import type { EventProducer, OutgoingRecord } from './event-producer';
import { prefixedTopic } from './kafka-client';

/** Builds the events an outbox row of one kind stands for, in the order they must be published. */
export interface OutboxExpansion {
  /** At most how many events the row stands for: sizes a send before any is built. */
  eventCount(payload: unknown): number;
  /**
   * The events of several rows of this kind, built together (one query for all of them), one
   * array per payload in the order given. Events have unprefixed topics and an x-event-id header.
   */
  expand(payloads: readonly unknown[]): Promise<OutgoingRecord[][]>;
}

export interface OutboxRelayOptions {
  schema: string;
  topicPrefix: string;
  /** Events per send; a row that expands is published whole, so one send may exceed it once. */
  batchSize: number;
  /** The first poll after the outbox was found empty; each empty poll doubles it up to maxIdlePollMs. */
  idlePollMs: number;
  /**
   * The longest wait between polls of an empty outbox. Commits of this instance wake the relay at
   * once, so the polls only catch what other instances committed; a quiet system makes one small
   * query per this interval instead of one per idlePollMs. Default 2 s.
   */
  maxIdlePollMs?: number;
  /** By the outbox row's topic column: rows of these kinds are expanded, not sent as they are. */
  expansions?: Readonly<Record<string, OutboxExpansion>>;
}

interface PendingRow {
  outbox_seq: string;
  event_id: string;
  topic: string;
  message_key: string | null;
  /** The event as JSON text: read as text, it goes to Kafka without being parsed and re-serialised. */
  payload: string;
}

export class OutboxRelay {
  private readonly logger = new JsonLogger('OutboxRelay');
  private readonly leadership: LeaderLock;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A commit announced while the relay was busy publishing: the next idle must not wait. */
  private notified = false;
  private lastError: string | undefined;
  /** Polls in a row that found nothing to publish: the idle wait grows with them. */
  private emptyPolls = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly options: OutboxRelayOptions,
  ) {
    this.leadership = new LeaderLock(dataSource, `${options.schema}.outbox-relay`);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a batch commits, so events leave without waiting for the next poll. */
  notify(): void {
    this.notified = true;
    this.emptyPolls = 0;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.leadership.release();
  }

  status(): { leader: boolean; lastError?: string } {
    return { leader: this.leadership.isLeader, lastError: this.lastError };
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
        const wasLeader = this.leadership.isLeader;
        const leading = await this.leadership.tryAcquire();
        if (leading && !wasLeader) this.logger.info('relaying the outbox');
        const published = leading ? await this.publishAvailable() : 0;
        this.lastError = undefined;
        this.emptyPolls = published > 0 ? 0 : this.emptyPolls + 1;
        // Returns at once when a commit was announced while publishing.
        await this.idle(leading ? this.idleWait() : 2_000);
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.warn('outbox relay failed; retrying', { error: this.lastError });
        await this.leadership.release();
        await this.idle(1_000, { backoff: true });
      }
    }
  }

  /**
   * Publishes what is waiting, one send after another, until a read finds no more. While the
   * broker takes one send, the next is read and built, and a send is marked published once it
   * resolved, without holding up the next: on a busy thread each of those steps waits for the
   * event loop, and one after another they made a round almost twice as long as its send. The
   * next read takes every unpublished row but those in flight, in outbox order, so a key's rows
   * never overtake one another (a row that committed late with a lower number goes before later
   * ones). A failed send stops here; the next attempt starts again from the first row not marked.
   */
  private async publishAvailable(): Promise<number> {
    let published = 0;
    const unmarked = new Set<string>();
    let marking: Promise<unknown> = Promise.resolve();
    // A mark that failed stops the sends at once, not when the last one is awaited.
    let markFailed = false;
    try {
      let round = await this.readRound(unmarked);
      while (round !== undefined && this.running && !markFailed) {
        const { seqs, records, more } = round;
        for (const seq of seqs) unmarked.add(seq);
        published += seqs.length;
        const sending = this.producer.send(records);
        const next = more ? this.readRound(unmarked) : Promise.resolve(undefined);
        next.catch(() => undefined); // awaited below, after the send
        try {
          await sending;
        } catch (error) {
          await next.catch(() => undefined);
          throw error;
        }
        marking = marking.then(async () => {
          await this.leadership.query(`UPDATE "${this.options.schema}".outbox SET published_at = now() WHERE outbox_seq = ANY($1::bigint[])`, [seqs]);
          for (const seq of seqs) unmarked.delete(seq);
        });
        marking.catch(() => (markFailed = true)); // awaited before returning
        round = await next;
      }
    } finally {
      await marking.catch(() => undefined);
    }
    await marking;
    return published;
  }

  private idleWait(): number {
    const longest = this.options.maxIdlePollMs ?? 2_000;
    return Math.min(this.options.idlePollMs * 2 ** Math.min(this.emptyPolls - 1, 20), Math.max(longest, this.options.idlePollMs));
  }

  /** The next send: rows in outbox order, not in flight, until they stand for a full send, built. */
  private async readRound(inFlight: ReadonlySet<string>): Promise<{ seqs: string[]; records: OutgoingRecord[]; more: boolean } | undefined> {
    const rows = await this.leadership.query<PendingRow[]>(
      `SELECT outbox_seq, event_id, topic, message_key, payload::text AS payload FROM "${this.options.schema}".outbox
        WHERE published_at IS NULL AND outbox_seq <> ALL($2::bigint[]) ORDER BY outbox_seq LIMIT $1`,
      [this.options.batchSize, [...inFlight]],
    );
    if (rows.length === 0) return undefined;
    // Take rows in order until they stand for a full send, then build the expanded ones together.
    const included: Array<{ row: PendingRow; expansion?: OutboxExpansion; payload?: unknown }> = [];
    let events = 0;
    for (const row of rows) {
      if (included.length > 0 && events >= this.options.batchSize) break;
      const expansion = this.options.expansions?.[row.topic];
      const payload: unknown = expansion ? JSON.parse(row.payload) : undefined;
      events += expansion ? expansion.eventCount(payload) : 1;
      included.push({ row, expansion, payload });
    }
    const expanded = new Map<PendingRow, OutgoingRecord[]>();
    for (const expansion of new Set(included.flatMap((entry) => (entry.expansion ? [entry.expansion] : [])))) {
      const group = included.filter((entry) => entry.expansion === expansion);
      const built = await expansion.expand(group.map((entry) => entry.payload));
      group.forEach((entry, index) => expanded.set(entry.row, built[index] ?? []));
    }
    const records: OutgoingRecord[] = [];
    for (const { row } of included) {
      const rowEvents = expanded.get(row);
      if (rowEvents) {
        for (const record of rowEvents) records.push({ ...record, topic: prefixedTopic(this.options.topicPrefix, record.topic) });
      } else {
        records.push({
          topic: prefixedTopic(this.options.topicPrefix, row.topic),
          key: row.message_key,
          value: row.payload,
          headers: { 'x-event-id': row.event_id },
        });
      }
    }
    // A full read means more may be waiting.
    return { seqs: included.map(({ row }) => row.outbox_seq), records, more: included.length < rows.length || rows.length >= this.options.batchSize };
  }

  /** Waits `ms`, or less when a commit is announced; a backoff after a failure waits in full. */
  private idle(ms: number, { backoff = false } = {}): Promise<void> {
    if (this.notified && !backoff) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        if (!backoff) this.notified = false;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = backoff ? () => (this.running ? undefined : done()) : done;
    });
  }
}
