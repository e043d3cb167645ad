// Each till sends one request at a time, in order, like a real terminal: a void never overtakes
// its sale, and a till waiting out a 429 holds back only its own queue. Tills send in parallel.
import type { PosTransactionV1 } from '@ledgerline/contracts';

export type TerminalWork = () => Promise<void>;

export class TerminalQueues {
  private readonly queues = new Map<string, TerminalWork[]>();
  private readonly busy = new Set<string>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];

  enqueue(terminalKey: string, work: TerminalWork): void {
    const queue = this.queues.get(terminalKey) ?? [];
    queue.push(work);
    this.queues.set(terminalKey, queue);
    this.pending += 1;
    if (!this.busy.has(terminalKey)) void this.drain(terminalKey);
  }

  /** Requests queued or in flight. */
  get backlog(): number {
    return this.pending;
  }

  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(terminalKey: string): Promise<void> {
    this.busy.add(terminalKey);
    const queue = this.queues.get(terminalKey) ?? [];
    for (let work = queue.shift(); work; work = queue.shift()) {
      try {
        await work();
      } catch {
        // The work reports its own failures; a till carries on with the next transaction.
      }
      this.pending -= 1;
    }
    this.busy.delete(terminalKey);
    if (this.pending === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

export const terminalKeyOf = (transaction: Pick<PosTransactionV1, 'storeId' | 'terminalId'>) => `${transaction.storeId}/${transaction.terminalId}`;
