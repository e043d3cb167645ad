// The shapes a consumer hands to application code: the raw Kafka record and, once decoded and
// validated, the typed record.

export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface ConsumedRecord<T> extends Omit<RawRecord, 'value'> {
  value: T;
}

/** How far a partition has been applied: the offset of its next record to apply. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  nextOffset: string;
}

export interface FailureReason {
  reasonCode: string;
  reason: string;
  errors: Array<{ path: string; message: string }>;
}

export type DecodeResult<T> = { ok: true; value: T } | ({ ok: false } & FailureReason);

export interface DeadLetterSink {
  send(record: RawRecord, failure: FailureReason & { attempts: number }): Promise<void>;
}
