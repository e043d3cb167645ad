// Where the intake consumer sets aside a record it cannot use. The platform has no dead-letter
// topic for stock-changed events (the ledger produces them from validated movements, so a bad one
// is a defect in the ledger, not input to replay); the record's position and the reason are
// logged as an error and counted, which is what an operator needs to find it on the topic.
import type { DeadLetterSink, FailureReason, RawRecord } from '@ledgerline/messaging';
import { JsonLogger } from '@ledgerline/runtime';
import { forecastingMetrics } from '../forecasting-metrics';

export class SkippedRecordLog implements DeadLetterSink {
  private readonly logger = new JsonLogger('SkippedRecords');

  async send(record: RawRecord, failure: FailureReason & { attempts: number }): Promise<void> {
    forecastingMetrics.skippedRecords.inc({ topic: record.topic, reason_code: failure.reasonCode });
    this.logger.error('record skipped', {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
      reasonCode: failure.reasonCode,
      reason: failure.reason,
      errors: failure.errors,
      attempts: failure.attempts,
    });
  }
}
