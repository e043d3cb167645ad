// One way to build a kafkajs client: broker list from configuration, SASL and TLS from the
// environment (kafka-security.ts), kafkajs's own log lines routed into the structured JSON log,
// retries bounded so a dead broker surfaces as an error.
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { JsonLogger } from '@ledgerline/runtime';
import { kafkaSecurity, type KafkaSecurity } from './kafka-security';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** How long one connection attempt may take. */
  connectionTimeoutMs?: number;
  /** How long one request may wait for the broker's answer (a stalled broker fails it then). */
  requestTimeoutMs?: number;
  /** SASL and TLS; unset: this process's environment (KAFKA_SASL_*, KAFKA_SSL*). */
  security?: KafkaSecurity;
}

export function createKafkaClient({ brokers, clientId, connectionTimeoutMs = 3_000, requestTimeoutMs = 30_000, security = kafkaSecurity() }: KafkaClientOptions): Kafka {
  const logger = new JsonLogger('kafkajs');
  return new Kafka({
    ...security,
    clientId,
    brokers,
    connectionTimeout: connectionTimeoutMs,
    requestTimeout: requestTimeoutMs,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...fields } = log;
        if (level === logLevel.ERROR) logger.error(message, fields);
        else if (level === logLevel.WARN) logger.warn(message, fields);
        else logger.debug(message, fields);
      },
  });
}

/** Applies the deployment's topic prefix, so several environments (or test runs) share a cluster. */
export function prefixedTopic(prefix: string, topic: string): string {
  return prefix ? `${prefix}.${topic}` : topic;
}
