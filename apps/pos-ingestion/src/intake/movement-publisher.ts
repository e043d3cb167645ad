// Puts planned movements on inventory.movements.v1: enveloped, keyed by stock key (sku@location)
// so one SKU at one location stays on one partition in order, with event ids derived from the
// movement id so a repeat after a crash is recognised downstream. Resolves once Kafka acknowledged;
// a caller that gives up aborts its signal, which withdraws its records if they have not left yet.
import { TOPICS, createEnvelope, derivedEventId, recordKey, type InventoryMovementV1 } from '@ledgerline/contracts';
import { prefixedTopic, type EventProducer, type OutgoingRecord } from '@ledgerline/messaging';
import type { PlannedPublication } from '@ledgerline/pos-domain';
import { intakeMetrics } from '../metrics/intake-metrics';
import { sendInChunks } from './chunked-send';
import { CoalescingSender } from './coalescing-sender';
import { FaultInjection } from './fault-injection';

export type PublicationPath = 'intake' | 'republisher' | 'store-operations';

/** Sends planned movements; resolves once Kafka acknowledged them. */
export interface MovementSender {
  send(publications: readonly PlannedPublication[], path: PublicationPath, signal?: AbortSignal): Promise<void>;
}

export class MovementPublisher implements MovementSender {
  readonly topic: string;
  private readonly sender: CoalescingSender;

  constructor(
    producer: EventProducer,
    topicPrefix: string,
    private readonly faults: FaultInjection = FaultInjection.none(),
  ) {
    this.topic = prefixedTopic(topicPrefix, TOPICS.inventoryMovements.name);
    this.sender = new CoalescingSender((records) => sendInChunks(producer, records));
  }

  async send(publications: readonly PlannedPublication[], path: PublicationPath, signal?: AbortSignal): Promise<void> {
    await this.sendRecords(publications.flatMap((publication) => movementRecords(publication, this.topic)), path, signal);
  }

  /** Sends enveloped movement records; resolves once Kafka acknowledged them. */
  async sendRecords(records: OutgoingRecord[], path: PublicationPath, signal?: AbortSignal): Promise<void> {
    if (records.length === 0) return;
    const stopTimer = intakeMetrics.publishSeconds.startTimer({ path });
    await this.sender.send(records, signal);
    // Acknowledged by Kafka, not yet marked published nor answered: the crash point of the fault drills.
    this.faults.kafkaAcknowledged();
    stopTimer();
    intakeMetrics.movementsPublished.inc({ path }, records.length);
  }
}

/**
 * Store operations (receipts, adjustments, transfers, orders, counts) from the movements front
 * door: the same topic, envelope and keys, through the same coalescing sender as the POS intake.
 */
export class StoreOperationSender {
  constructor(private readonly publisher: MovementPublisher) {}

  send(movements: readonly InventoryMovementV1[], correlationId: string, signal?: AbortSignal): Promise<void> {
    const records = movements.map((movement) => storeOperationRecord(movement, correlationId, this.publisher.topic));
    return this.publisher.sendRecords(records, 'store-operations', signal);
  }
}

function storeOperationRecord(movement: InventoryMovementV1, correlationId: string, topic: string): OutgoingRecord {
  const eventId = derivedEventId('movement', movement.movementId);
  const envelope = createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'pos-ingestion', occurredAt: movement.occurredAt, eventId, correlationId });
  return { topic, key: recordKey(TOPICS.inventoryMovements, envelope), value: envelope, headers: { 'x-event-id': eventId } };
}

export function movementRecords(publication: PlannedPublication, topic: string): OutgoingRecord[] {
  const correlationId = `pos:${publication.storeId}:${publication.transactionId}`;
  return publication.movements.map((movement) => {
    const eventId = derivedEventId('movement', movement.movementId);
    const envelope = createEnvelope(TOPICS.inventoryMovements, movement, {
      producer: 'pos-ingestion',
      occurredAt: movement.occurredAt,
      eventId,
      correlationId,
    });
    return {
      topic,
      key: recordKey(TOPICS.inventoryMovements, envelope),
      value: envelope,
      headers: { 'x-event-id': eventId, 'x-transaction-id': publication.transactionId, 'x-store-id': publication.storeId },
    };
  });
}
