// The Nest side of a service's dead letters: ensures its dead-letter topic (with its retention),
// archives the topic into the service's schema, counts open letters for /metrics, and gives the
// admin endpoints their DeadLetterDesk. A service adds deadLetterProviders(...) and
// deadLetterAdminController(itsAdminGuard) to its module.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadinessRegistry } from '@ledgerline/runtime';
import { EventProducer } from '../event-producer';
import { createKafkaClient, prefixedTopic } from '../kafka-client';
import { ensureTopics } from '../topic-admin';
import { DeadLetterArchive } from './dead-letter-archive';
import { DeadLetterArchiver, type DeadLetterArchiverOptions } from './dead-letter-archiver';
import { DeadLetterDesk } from './dead-letter-desk';
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
}

export const DEAD_LETTER_SETTINGS = Symbol('DEAD_LETTER_SETTINGS');

@Injectable()
export class DeadLetterService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly desk: DeadLetterDesk;
  private readonly kafka;
  private readonly producer: EventProducer;
  private readonly archive: DeadLetterArchive;
  private archiver: DeadLetterArchiver | undefined;
  private stopCounting: (() => void) | undefined;

  constructor(
    @Inject(DEAD_LETTER_SETTINGS) private readonly settings: DeadLetterSettings,
    dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.kafka = createKafkaClient({ brokers: settings.brokers, clientId: `${settings.service}-dead-letters-${settings.instanceId ?? process.pid}` });
    this.producer = new EventProducer(this.kafka);
    this.archive = new DeadLetterArchive(dataSource, settings.schema);
    this.desk = new DeadLetterDesk(this.archive, this.producer);
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = prefixedTopic(this.settings.topicPrefix, this.settings.contract.name);
    await ensureTopics(this.kafka, [{ topic, partitions: 1, retentionMs: this.settings.retentionMs }]);
    await this.producer.connect();
    this.stopCounting = countOpenDeadLetters(this.archive);
    const archiver = new DeadLetterArchiver(this.archive, { kafka: this.kafka, groupId: this.settings.groupId, contract: this.settings.contract, topic });
    this.archiver = archiver;
    this.readiness.register('dead-letter-archive', () => archiver.readiness());
    await archiver.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopCounting?.();
    await this.archiver?.stop().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
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
}

export function deadLetterProviders(service: string, contract: DeadLetterSettings['contract'], config: DeadLetterConfig): Provider[] {
  const settings: DeadLetterSettings = {
    service,
    contract,
    brokers: config.KAFKA_BROKERS,
    groupId: config.KAFKA_GROUP_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    schema: config.DATABASE_SCHEMA,
    retentionMs: config.DEAD_LETTER_RETENTION_MS,
    instanceId: config.INSTANCE_ID,
  };
  return [
    { provide: DEAD_LETTER_SETTINGS, useValue: settings },
    DeadLetterService,
    { provide: DeadLetterDesk, inject: [DeadLetterService], useFactory: (service: DeadLetterService) => service.desk },
  ];
}
