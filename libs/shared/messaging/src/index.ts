export { createKafkaClient, prefixedTopic, type KafkaClientOptions } from './kafka-client';
export { ensureTopics, type TopicSpec } from './topic-admin';
export { EventProducer, type OutgoingRecord } from './event-producer';
export { BatchConsumer, type BatchConsumerOptions } from './batch-consumer';
export { KafkaDeadLetterSink, buildDeadLetter, type DeadLetter } from './dead-letter-sink';
export { PermanentMessageError, isTransientError } from './transient-error';
export type { RawRecord, ConsumedRecord, DecodeResult, DeadLetterSink, FailureReason } from './consumed-record';
export { BrokerProbe, type BrokerProbeOptions, type BrokerProbeResult } from './broker-probe';
export { OutboxRelay, type OutboxExpansion, type OutboxRelayOptions } from './outbox-relay';
