// The balances the ledger's writer has just written, for the drift audit to check before it
// walks on: a fresh write is where a fault would show first. Bounded and cheap on the write path
// (one map entry per key written); past its capacity the oldest keys are dropped, to be checked
// when the walk reaches them. Only the instance that audits keeps any.
import type { BalanceKey } from '@ledgerline/inventory-domain';

export class RecentlyWrittenKeys {
  /** Insertion order is arrival order, so the oldest come first. */
  private readonly keys = new Map<string, BalanceKey>();
  private arrival: (() => void) | undefined;

  constructor(
    private readonly capacity: number,
    private readonly keeping: () => boolean = () => true,
  ) {}

  get size(): number {
    return this.keys.size;
  }

  /** Called by the writer once a batch committed, with the balances it wrote. */
  noteWritten(keys: readonly BalanceKey[]): void {
    if (this.capacity === 0 || keys.length === 0 || !this.keeping()) return;
    const wasEmpty = this.keys.size === 0;
    for (const { sku, locationId } of keys) {
      const id = `${sku}@${locationId}`;
      if (!this.keys.has(id)) this.keys.set(id, { sku, locationId });
    }
    for (const id of this.keys.keys()) {
      if (this.keys.size <= this.capacity) break;
      this.keys.delete(id);
    }
    if (wasEmpty) this.arrival?.();
  }

  /** Removes and returns up to `max` keys, the oldest first. */
  take(max: number): BalanceKey[] {
    const taken: BalanceKey[] = [];
    for (const [id, key] of this.keys) {
      if (taken.length >= max) break;
      taken.push(key);
      this.keys.delete(id);
    }
    return taken;
  }

  /** Forgets every key (this instance stopped auditing). */
  clear(): void {
    this.keys.clear();
  }

  /** `listener` runs when a key arrives while none were held. */
  onArrival(listener: () => void): void {
    this.arrival = listener;
  }
}
