// Group commit for Kafka: the idempotent producer keeps one request in flight, so requests that
// publish at the same moment would otherwise queue up one broker round trip each. While a send
// is in flight, records handed in by other requests wait and then leave together in the next
// send; each caller resolves when the send carrying its records was acknowledged (or rejects
// with its error). Records leave in the order they were handed in. A caller that stops waiting
// (its signal aborts) takes its records back if their send has not started; once started, a send
// cannot be called back and is left to finish.
import type { OutgoingRecord } from '@ledgerline/messaging';

export type SendRecords = (records: OutgoingRecord[]) => Promise<void>;

interface Waiting {
  records: readonly OutgoingRecord[];
  resolve(): void;
  reject(error: unknown): void;
}

export class CoalescingSender {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly sendRecords: SendRecords,
    /** Bounds one combined send; beyond it the rest waits for the next round. */
    private readonly maxRecordsPerSend = 5_000,
  ) {}

  send(records: readonly OutgoingRecord[], signal?: AbortSignal): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const entry: Waiting = { records, resolve, reject };
      this.waiting.push(entry);
      signal?.addEventListener('abort', () => this.withdraw(entry, signal.reason), { once: true });
      if (!this.sending) void this.drain();
    });
  }

  private withdraw(entry: Waiting, reason: unknown): void {
    const index = this.waiting.indexOf(entry);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    entry.reject(reason);
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.takeGroup();
        try {
          await this.sendRecords(group.flatMap((entry) => [...entry.records]));
          for (const entry of group) entry.resolve();
        } catch (error) {
          for (const entry of group) entry.reject(error);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private takeGroup(): Waiting[] {
    let count = 0;
    let taken = 0;
    while (taken < this.waiting.length) {
      const next = this.waiting[taken]?.records.length ?? 0;
      if (taken > 0 && count + next > this.maxRecordsPerSend) break;
      count += next;
      taken++;
    }
    return this.waiting.splice(0, taken);
  }
}
