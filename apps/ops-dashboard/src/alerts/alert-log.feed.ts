// Writes every alert the ledger raises into the alert log. Unlike the page's feed, its consumer
// group is stable and commits only after the log holds a batch, so alerts raised while the
// dashboard was down are logged when it is back, and a database failure makes the batch come again
// (kafkajs restarts the consumer from the last commit) rather than leaving a hole in the log.
// A record that is not a readable alert is skipped with a warning, as the page's feed does.
import type { Consumer, Kafka } from 'kafkajs';
import { TOPICS, decodeEvent, type AlertV1 } from '@ledgerline/contracts';
import { heartbeatIntervalFor } from '@ledgerline/messaging';
import { JsonLogger } from '@ledgerline/runtime';
import type { AlertLog } from './alert-log';

const SESSION_TIMEOUT_MS = 30_000;

export class AlertLogFeed {
  private readonly logger = new JsonLogger('AlertLogFeed');
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly alertsTopic: string,
    private readonly groupId: string,
    private readonly fetchMaxWaitMs: number,
    private readonly log: AlertLog,
  ) {}

  get running(): boolean {
    return this.consumer !== undefined;
  }

  /** Starts logging once the alerts topic exists; does nothing while it runs. */
  async follow(existingTopics: ReadonlySet<string>): Promise<void> {
    if (this.consumer !== undefined || !existingTopics.has(this.alertsTopic)) return;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: this.fetchMaxWaitMs,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: heartbeatIntervalFor(SESSION_TIMEOUT_MS, this.fetchMaxWaitMs),
    });
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [this.alertsTopic], fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
          const alerts: AlertV1[] = [];
          for (const message of batch.messages) {
            if (message.value === null || message.value.length === 0) continue;
            const decoded = decodeEvent(TOPICS.alerts, message.value);
            if (decoded.ok) alerts.push(decoded.value.payload);
            else this.logger.warn('skipped a record that is not a readable alert', { topic: batch.topic, partition: batch.partition, offset: message.offset });
          }
          await this.log.record(alerts);
          const last = batch.messages[batch.messages.length - 1];
          if (last !== undefined) resolveOffset(last.offset);
          await commitOffsetsIfNecessary();
        },
      });
      this.logger.info('logging alerts', { topic: this.alertsTopic, groupId: this.groupId });
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }
}
