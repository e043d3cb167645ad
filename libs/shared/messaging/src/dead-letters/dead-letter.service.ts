// The Nest side of a service's dead letters: ensures its dead-letter topic (with its retention),
// archives the topic into the service's schema, counts open letters for /metrics, and gives the
// admin endpoints their DeadLetterDesk. A service adds deadLetterProviders(...) and
// deadLetterAdminController(itsAdminGuard) to its module.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger, ReadinessRegistry } from '@ledgerline/runtime';
import { EventProducer } from '../event-producer';
import { createKafkaClient, prefixedTopic } from '../kafka-client';
import { ensureTopics } from '../topic-admin';
import { topicDurabilityOf, type TopicDurabilitySettings } from '../topic-durability';
import { DeadLetterArchive } from './dead-letter-archive';
import { DeadLetterArchiver, type DeadLetterArchiverOptions } from './dead-letter-archiver';
import { DeadLetterDesk, type ReplayRoutes } from './dead-letter-desk';
import { countOpenDeadLetters } from './dead-letter-metrics';

export interface DeadLetterSettings {
  service: string;
  brokers: string[];
  /** The service's consumer group id; the archive consumes as `<groupId>.dead-letters`. */
  groupId: string;
  topicPrefix: string;
  schema: string;
  contract: DeadLetterArchiverOptions['contract'];
  retentionMs: number;
  instanceId?: string;
  durability?: TopicDurabilitySettings;
  /** Topics whose letters are replayed to a topic of the service's own instead. */
  replayRoutes?: ReplayRoutes;
}

export const DEAD_LETTER_SETTINGS = Symbol('DEAD_LETTER_SETTINGS');

const ARCHIVER_RESTART_MS = 5_000;

@Injectable()
export class DeadLetterService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly desk: DeadLetterDesk;
  private readonly kafka;
  private readonly producer: EventProducer;
  private readonly archive: DeadLetterArchive;
  private readonly logger = new JsonLogger('DeadLetterService');
  private archiver: DeadLetterArchiver | undefined;
  private stopCounting: (() => void) | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    @Inject(DEAD_LETTER_SETTINGS) private readonly settings: DeadLetterSettings,
    dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.kafka = createKafkaClient({ brokers: settings.brokers, clientId: `${settings.service}-dead-letters-${settings.instanceId ?? process.pid}` });
    this.producer = new EventProducer(this.kafka);
    this.archive = new DeadLetterArchive(dataSource, settings.schema);
    this.desk = new DeadLetterDesk(this.archive, this.producer, settings.replayRoutes);
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = prefixedTopic(this.settings.topicPrefix, this.settings.contract.name);
    await ensureTopics(this.kafka, [{ topic, partitions: 1, retentionMs: this.settings.retentionMs }], { durability: this.settings.durability });
    await this.producer.connect();
    this.stopCounting = countOpenDeadLetters(this.archive);
    this.readiness.register('dead-letter-archive', () => this.archiver?.readiness() ?? { ready: false, detail: 'not started' });
    // Not awaited: joining the group after a crash waits for the old member's session to end, and
    // the service must not wait for that before it takes sales and movements.
    this.startArchiver(topic).catch((error: unknown) => this.retryStart(topic, error));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.stopCounting?.();
    await this.archiver?.stop().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }

  /**
   * The archive is for operators, not on the path of a sale or a movement: when its consumer stops
   * for good it is started again after a pause instead of taking the service down. Nothing is
   * lost meanwhile: the topic keeps the letters and the archive catches up from its offsets.
   */
  private async startArchiver(topic: string): Promise<void> {
    const archiver = new DeadLetterArchiver(this.archive, {
      kafka: this.kafka,
      groupId: this.settings.groupId,
      contract: this.settings.contract,
      topic,
      onFatal: (error) => {
        if (this.stopping) return;
        this.logger.error('dead-letter archive consumer stopped; starting it again', { error, inMs: ARCHIVER_RESTART_MS });
        this.restartLater(topic, archiver);
      },
    });
    this.archiver = archiver;
    await archiver.start();
  }

  private retryStart(topic: string, error: unknown): void {
    if (this.stopping) return;
    this.logger.error('dead-letter archive consumer did not start; trying again', { error, inMs: ARCHIVER_RESTART_MS });
    if (this.archiver) this.restartLater(topic, this.archiver);
  }

  private restartLater(topic: string, stopped: DeadLetterArchiver): void {
    this.restartTimer = setTimeout(() => {
      void stopped
        .stop()
        .catch(() => undefined)
        .then(() => (this.stopping ? undefined : this.startArchiver(topic)))
        .catch((error: unknown) => this.retryStart(topic, error));
    }, ARCHIVER_RESTART_MS);
  }
}

/** The configuration keys every service owning a dead-letter topic has. */
export interface DeadLetterConfig {
  KAFKA_BROKERS: string[];
  KAFKA_GROUP_ID: string;
  KAFKA_TOPIC_PREFIX: string;
  DATABASE_SCHEMA: string;
  DEAD_LETTER_RETENTION_MS: number;
  INSTANCE_ID?: string;
  KAFKA_REPLICATION_FACTOR?: number;
  KAFKA_MIN_INSYNC_REPLICAS?: number;
}

export function deadLetterProviders(service: string, contract: DeadLetterSettings['contract'], config: DeadLetterConfig, replayRoutes?: ReplayRoutes): Provider[] {
  const settings: DeadLetterSettings = {
    service,
    contract,
    brokers: config.KAFKA_BROKERS,
    groupId: config.KAFKA_GROUP_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    schema: config.DATABASE_SCHEMA,
    retentionMs: config.DEAD_LETTER_RETENTION_MS,
    instanceId: config.INSTANCE_ID,
    durability: topicDurabilityOf(config),
    replayRoutes,
  };
  return [
    { provide: DEAD_LETTER_SETTINGS, useValue: settings },
    DeadLetterService,
    { provide: DeadLetterDesk, inject: [DeadLetterService], useFactory: (service: DeadLetterService) => service.desk },
  ];
}
