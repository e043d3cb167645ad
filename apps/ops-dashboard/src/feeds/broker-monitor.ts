// Reads the broker's view of the platform through the kafkajs admin client: end offsets of every
// platform topic (for events per second) and the committed offsets of every consumer group that
// reads them (for lag). Groups that read none of them are checked again only every 15 s, so a
// broker shared with many other groups stays cheap to watch; the caller may also reuse the last
// committed offsets while nothing moves (no topic grew and no group lagged).
import type { Admin, Kafka } from 'kafkajs';
import { TOPIC_LIST } from '@ledgerline/contracts';
import { describeError } from '../aggregation/service-health';
import type { BrokerReading } from '../dashboard/dashboard-state';
import type { TopicNames } from './watched-topics';

const IRRELEVANT_GROUP_RECHECK_MS = 15_000;
const GROUPS_PER_ROUND = 10;

export interface BrokerObservation {
  readonly reading: BrokerReading;
  /** Broker topic names that exist right now. */
  readonly existingTopics: ReadonlySet<string>;
  /** Whether any watched topic's end offsets differ from the previous observation's. */
  readonly endsMoved: boolean;
}

export class BrokerMonitor {
  private admin: Admin | undefined;
  private readonly irrelevantGroups = new Map<string, number>();
  private previousEnds = '';
  private previousCommitted: BrokerReading['committed'] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly names: TopicNames,
    /** Groups of the dashboard's own readers, which never commit and are not shown. */
    private readonly ownGroupPrefix: string,
  ) {}

  /** With `refreshCommitted` false, the committed offsets are those of the last observation that read them. */
  async observe(now: number, refreshCommitted = true): Promise<BrokerObservation> {
    try {
      const admin = await this.connectedAdmin();
      const existingTopics = new Set(await admin.listTopics());
      const ends = new Map<string, Array<{ partition: number; low: string; high: string }>>();
      await Promise.all(
        TOPIC_LIST.filter((topic) => existingTopics.has(this.names.prefixed(topic.name))).map(async (topic) => {
          ends.set(topic.name, await admin.fetchTopicOffsets(this.names.prefixed(topic.name)));
        }),
      );
      const endsText = JSON.stringify([...ends].sort(([a], [b]) => (a < b ? -1 : 1)));
      const endsMoved = endsText !== this.previousEnds;
      this.previousEnds = endsText;
      if (refreshCommitted) this.previousCommitted = await this.committedOffsets(admin, now);
      return { reading: { time: now, ok: true, ends, committed: this.previousCommitted }, existingTopics, endsMoved };
    } catch (error) {
      await this.disconnect();
      this.previousEnds = '';
      return { reading: { time: now, ok: false, detail: describeError(error), ends: new Map(), committed: [] }, existingTopics: new Set(), endsMoved: true };
    }
  }

  async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private async committedOffsets(admin: Admin, now: number): Promise<BrokerReading['committed']> {
    const { groups } = await admin.listGroups();
    const candidates = groups
      .map((group) => group.groupId)
      .filter((groupId) => !groupId.startsWith(this.ownGroupPrefix))
      .filter((groupId) => (this.irrelevantGroups.get(groupId) ?? 0) <= now);
    const committed: Array<BrokerReading['committed'][number]> = [];
    for (let start = 0; start < candidates.length; start += GROUPS_PER_ROUND) {
      const round = candidates.slice(start, start + GROUPS_PER_ROUND);
      const answers = await Promise.all(round.map(async (groupId) => ({ groupId, offsets: await admin.fetchOffsets({ groupId }).catch(() => []) })));
      for (const { groupId, offsets } of answers) {
        const topics = offsets.flatMap(({ topic, partitions }) => {
          const name = this.names.platformName(topic);
          const positions = partitions.filter((partition) => Number(partition.offset) >= 0);
          return name && positions.length > 0 ? [{ topic: name, partitions: positions.map(({ partition, offset }) => ({ partition, offset })) }] : [];
        });
        if (topics.length > 0) committed.push({ groupId, topics });
        else this.irrelevantGroups.set(groupId, now + IRRELEVANT_GROUP_RECHECK_MS);
      }
    }
    return committed;
  }
}
