// The partitions of one consumer whose batch failed for a reason that is not the message's own
// and is waiting to be tried again. What readiness reports and what the stall metrics count, so
// an operator sees that a partition stopped, since when and why.
import { consumerMetrics } from './consumer-metrics';

interface Stall {
  since: number;
  attempts: number;
  failure: string;
  message: string;
}

export class PartitionStalls {
  private readonly stalls = new Map<string, Stall>();

  constructor(
    private readonly consumer: string,
    private readonly now: () => number = Date.now,
  ) {
    consumerMetrics.stalledPartitions.set({ consumer }, 0);
    consumerMetrics.stalledSince.set({ consumer }, 0);
  }

  record(partition: string, failure: string, message: string): void {
    const stall = this.stalls.get(partition);
    if (stall) {
      stall.attempts++;
      stall.failure = failure;
      stall.message = message;
    } else {
      this.stalls.set(partition, { since: this.now(), attempts: 1, failure, message });
    }
    this.publish();
  }

  clear(partition: string): void {
    if (this.stalls.delete(partition)) this.publish();
  }

  clearAll(): void {
    this.stalls.clear();
    this.publish();
  }

  count(): number {
    return this.stalls.size;
  }

  /** One line naming every stalled partition, or undefined when none is. */
  describe(): string | undefined {
    if (this.stalls.size === 0) return undefined;
    const now = this.now();
    return [...this.stalls]
      .map(([partition, stall]) => `partition ${partition} stalled for ${Math.round((now - stall.since) / 1000)} s after ${stall.attempts} failed tries (${stall.failure}: ${stall.message})`)
      .join('; ');
  }

  private publish(): void {
    consumerMetrics.stalledPartitions.set({ consumer: this.consumer }, this.stalls.size);
    const oldest = Math.min(...[...this.stalls.values()].map((stall) => stall.since));
    consumerMetrics.stalledSince.set({ consumer: this.consumer }, this.stalls.size === 0 ? 0 : oldest / 1000);
  }
}
