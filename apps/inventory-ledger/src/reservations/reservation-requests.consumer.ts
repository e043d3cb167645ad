// Reservations for order systems that speak Kafka: each request on
// inventory.reservation-requests.v1 is decided by the same services as the HTTP API
// (replyTo), and its reply goes to inventory.reservation-replies.v1 under the request's id before
// the request's offset is committed. A record that is not a request goes to the ledger's
// dead-letter topic with the reason; anything else that fails (the database, the broker) stops
// the partition and retries it, so no request goes unanswered. A request delivered again after a
// crash is decided again: a reserve answers the same grants (its requestId is its idempotency key).
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS, causedBy, createEnvelope, decodeEvent, recordKey, type ReservationReplyV1, type TopicValue } from '@ledgerline/contracts';
import {
  BatchConsumer,
  EventProducer,
  KafkaDeadLetterSink,
  createKafkaClient,
  ensureTopics,
  prefixedTopic,
  topicDurabilityOf,
  type OutgoingRecord,
} from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { AvailabilityService } from './availability.service';
import { replyTo, type ReservationDecisions } from './reservation-replies';
import { ReservationService } from './reservation.service';

type RequestEnvelope = TopicValue<'inventory.reservation-requests.v1'>;

@Injectable()
export class ReservationRequestsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('ReservationRequests');
  private readonly kafka;
  private readonly producer;
  private consumer: BatchConsumer<RequestEnvelope> | undefined;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly reservations: ReservationService,
    private readonly availability: AvailabilityService,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.kafka = createKafkaClient({
      brokers: config.KAFKA_BROKERS,
      clientId: `inventory-ledger-reservation-requests-${config.INSTANCE_ID ?? process.pid}`,
      requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS,
    });
    this.producer = new EventProducer(this.kafka);
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = (name: string) => prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
    await ensureTopics(
      this.kafka,
      [
        { topic: topic(TOPICS.reservationRequests.name), partitions: this.config.MOVEMENTS_PARTITIONS },
        { topic: topic(TOPICS.reservationReplies.name), partitions: this.config.MOVEMENTS_PARTITIONS },
        { topic: topic(TOPICS.inventoryMovementsDeadLetter.name), partitions: 1, retentionMs: this.config.DEAD_LETTER_RETENTION_MS },
      ],
      { durability: topicDurabilityOf(this.config) },
    );
    await this.producer.connect();
    const replies = topic(TOPICS.reservationReplies.name);
    this.consumer = new BatchConsumer<RequestEnvelope>({
      name: 'ledger-reservation-requests',
      kafka: this.kafka,
      groupId: `${this.config.KAFKA_GROUP_ID}.reservation-requests`,
      topics: [topic(TOPICS.reservationRequests.name)],
      decode: (record) => {
        const result = decodeEvent(TOPICS.reservationRequests, record.value);
        return result.ok ? result : { ...result, errors: [...result.errors] };
      },
      handle: async (records) => {
        const outgoing: OutgoingRecord[] = [];
        // In order: a reservation's requests share a key, hence a partition and this order. Reserves
        // in a row go to the service together, in this order, to be decided together; any other
        // request waits for them and is waited for, as a release frees what a later reserve takes.
        const answers: Array<Promise<{ ok: true; reply: ReservationReplyV1 } | { ok: false; error: unknown }>> = [];
        for (const { value: request } of records) {
          const together = request.payload.action === 'reserve';
          if (!together) {
            // A request that failed stops the partition here: nothing after it is decided before it.
            const failed = (await Promise.all(answers)).find((answer) => !answer.ok);
            if (failed) throw failed.error;
          }
          const answer = replyTo(request.payload, this.decisions).then(
            (reply) => ({ ok: true as const, reply }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (!together) await answer;
          answers.push(answer);
        }
        const settled = await Promise.all(answers);
        for (const [index, answer] of settled.entries()) {
          if (!answer.ok) throw answer.error;
          const request = records[index]!.value;
          const { reply } = answer;
          const envelope = createEnvelope(TOPICS.reservationReplies, reply, {
            producer: 'inventory-ledger',
            occurredAt: reply.answeredAt,
            eventId: `reservation-reply:${request.eventId}`,
            ...causedBy(request),
          });
          outgoing.push({ topic: replies, key: recordKey(TOPICS.reservationReplies, envelope), value: envelope });
        }
        await this.producer.send(outgoing);
        this.logger.debug('reservation requests answered', { requests: records.length });
      },
      // Records the ledger cannot read as a request go to its dead-letter topic with the reason.
      deadLetters: new KafkaDeadLetterSink(this.producer, () => topic(TOPICS.inventoryMovementsDeadLetter.name), 'inventory-ledger'),
      onFatal: (error) => exitForRestart(this.logger, 'reservation request consumer stopped for good', error),
    });
    this.readiness.register('reservation-requests-consumer', () => this.consumer?.readiness() ?? { ready: false, detail: 'not started' });
    await this.consumer.start();
  }

  /** The same decisions as the HTTP API's. */
  private readonly decisions: ReservationDecisions = {
    reserve: (key, request) => this.reservations.reserve(key, request),
    reserveAcrossLocations: (key, request) => this.availability.reserveAcrossLocations(key, request),
    extend: (reservationId, expiresAt, options) => this.reservations.extend(reservationId, expiresAt, options),
    release: (reservationId, options) => this.reservations.release(reservationId, options),
    fulfil: (reservationId, quantity, options) => this.reservations.fulfil(reservationId, quantity, options),
  };

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }
}
