// Keeps the front door's copy of the catalog (catalog_item, catalog_location) from the compacted
// catalog.items.v1 and catalog.locations.v1, each topic read by a consumer group of its own, and
// answers which SKUs and locations of a request the catalog holds.
//
// The copy's progress is its own: per partition, the offset of the next record to apply
// (catalog_offset), written in the statement that applies the records before it. Each partition
// assigned is read from there, from its beginning when the database has none, whatever the groups
// committed: a new, empty database learns the whole catalog under any KAFKA_GROUP_ID, and a
// restart goes on where the database stands.
//
// "Not in the copy" is said only of a copy that has applied every catalog record on the topics
// when it is asked: a SKU missing from the copy sends the door to the brokers for the topics' end
// offsets, compared with the stored positions. Behind them, the door answers
// CatalogCatchingUpError (503, retry) rather than refuse a real item; caught up, it looks the
// missing ones up again and they are unknown. An item the ERP published before the request is
// therefore never refused as unknown, and the brokers are asked only when something is missing,
// so known lines cost one indexed statement.
//
// A catalog record that breaks its contract is set aside here with an error log: the ERP is the
// topics' writer, the ledger's catalog consumer dead-letters the same record with its reason
// (inventory.movements.dead-letter.v1), and stalling would keep the door from learning the
// items after it. The item it meant stays unknown to the door until the ERP publishes it right.
import type { Kafka } from 'kafkajs';
import { TOPICS, decodeEvent, type TopicValue } from '@ledgerline/contracts';
import { BatchConsumer, SharedAdmin, partitionsBehind, prefixedTopic, type DeadLetterSink, type FailureReason, type PartitionPosition, type RawRecord } from '@ledgerline/messaging';
import type { CatalogKnowledge } from '@ledgerline/pos-domain';
import { JsonLogger, type ReadinessResult } from '@ledgerline/runtime';
import type { CatalogCopySql } from './catalog-copy-sql';

export interface CatalogCopyOptions {
  kafka: Kafka;
  /** KAFKA_GROUP_ID; the two groups are `<it>-catalog-items` and `<it>-catalog-locations`. */
  groupId: string;
  topicPrefix: string;
  sessionTimeoutMs?: number;
  onFatal(error: Error): void;
}

/** The copy is behind the catalog topics: whether a SKU or location is unknown cannot be told yet. */
export class CatalogCatchingUpError extends Error {
  constructor(readonly behind: string[]) {
    super(`the catalog copy is still applying ${behind.join(', ')}`);
    this.name = 'CatalogCatchingUpError';
  }
}

type ItemEnvelope = TopicValue<'catalog.items.v1'>;
type LocationEnvelope = TopicValue<'catalog.locations.v1'>;

export class CatalogCopy {
  private readonly logger = new JsonLogger('CatalogCopy');
  private readonly items: BatchConsumer<ItemEnvelope>;
  private readonly locations: BatchConsumer<LocationEnvelope>;
  private readonly followed: string[];
  private readonly admin: SharedAdmin;

  constructor(
    private readonly sql: CatalogCopySql,
    private readonly options: CatalogCopyOptions,
  ) {
    const itemsTopic = prefixedTopic(options.topicPrefix, TOPICS.catalogItems.name);
    const locationsTopic = prefixedTopic(options.topicPrefix, TOPICS.catalogLocations.name);
    const itemsGroup = `${options.groupId}-catalog-items`;
    const locationsGroup = `${options.groupId}-catalog-locations`;
    this.followed = [itemsTopic, locationsTopic];
    this.admin = new SharedAdmin(options.kafka);
    this.items = this.follower<ItemEnvelope>('catalog-items', itemsTopic, itemsGroup, TOPICS.catalogItems, (payloads, through) =>
      sql.recordItems(payloads.map((item) => ({ sku: item.sku, active: item.active, updatedAt: item.updatedAt })), through),
    );
    this.locations = this.follower<LocationEnvelope>('catalog-locations', locationsTopic, locationsGroup, TOPICS.catalogLocations, (payloads, through) =>
      sql.recordLocations(payloads.map((location) => ({ locationId: location.locationId, kind: location.kind, active: location.active, updatedAt: location.updatedAt })), through),
    );
  }

  /** Resolves once both consumers run; their owner does not wait for it (joining may take a session timeout). */
  async start(): Promise<void> {
    await Promise.all([this.items.start(), this.locations.start()]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.items.stop(), this.locations.stop()]);
    await this.admin.disconnect();
  }

  itemsReadiness(): ReadinessResult {
    return this.items.readiness({ readyWhileJoining: true });
  }

  locationsReadiness(): ReadinessResult {
    return this.locations.readiness({ readyWhileJoining: true });
  }

  /**
   * Which of these SKUs and locations the catalog holds: one statement when all are in the copy;
   * else, once the copy is shown to have applied the topics, the same statement again. Throws
   * CatalogCatchingUpError while it has not.
   */
  async known(skus: readonly string[], locationIds: readonly string[]): Promise<CatalogKnowledge> {
    const first = await this.sql.known(skus, locationIds);
    if (skus.every((sku) => first.skus.has(sku)) && locationIds.every((id) => first.locations.has(id))) return first;
    const behind = await this.topicsBehind();
    if (behind.length > 0) {
      this.logger.warn('a request names what the catalog copy lacks while it is behind the catalog; answering 503', { behind });
      throw new CatalogCatchingUpError(behind);
    }
    return this.sql.known(skus, locationIds);
  }

  /** The followed topics the copy has not applied up to their end. */
  private async topicsBehind(): Promise<string[]> {
    const admin = await this.admin.connected();
    const behind = await Promise.all(
      this.followed.map(async (topic) => {
        const [ends, applied] = await Promise.all([admin.fetchTopicOffsets(topic), this.sql.storedPositions(topic)]);
        const partitions = ends.map((end) => ({ partition: end.partition, low: end.low, high: end.high, applied: applied.get(end.partition) ?? '-1' }));
        return partitionsBehind(partitions).length > 0 ? [topic] : [];
      }),
    );
    return behind.flat();
  }

  private follower<V extends ItemEnvelope | LocationEnvelope>(
    name: string,
    topic: string,
    groupId: string,
    definition: typeof TOPICS.catalogItems | typeof TOPICS.catalogLocations,
    apply: (payloads: Array<V['payload']>, through: PartitionPosition) => Promise<void>,
  ): BatchConsumer<V> {
    return new BatchConsumer<V>({
      name,
      kafka: this.options.kafka,
      groupId,
      topics: [topic],
      fromBeginning: true,
      decode: (record) => {
        const result = decodeEvent(definition, record.value);
        // The definition given is the one of V's topic.
        return result.ok ? { ok: true, value: result.value as V } : { ok: false, reasonCode: result.reasonCode, reason: result.reason, errors: [...result.errors] };
      },
      handle: (records, through) => apply(records.map(({ value }) => value.payload), through),
      storedPosition: (topic, partition) => this.sql.storedPosition(topic, partition),
      deadLetters: new SetAsideCatalogRecord(),
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      onFatal: this.options.onFatal,
    });
  }
}

/** A catalog record that breaks its contract: logged with its reason and passed over (see the top of the file). */
class SetAsideCatalogRecord implements DeadLetterSink {
  private readonly logger = new JsonLogger('CatalogCopy');

  async send(record: RawRecord, failure: FailureReason & { attempts: number }): Promise<void> {
    this.logger.error('a catalog record breaks its contract; the front door does not learn it (the ledger dead-letters it)', {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
      reasonCode: failure.reasonCode,
      reason: failure.reason,
      errors: failure.errors,
    });
  }
}
