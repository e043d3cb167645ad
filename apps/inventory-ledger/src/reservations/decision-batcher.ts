// Group commit for decisions that each caller awaits: requests that arrive while earlier batches
// are being decided queue, and the next batch takes them all (up to a bound) into one call of
// `decide`, that is one transaction and one commit for all of them. A request that finds nothing
// in flight goes at once (after the current turn of the event loop, so requests that arrived
// together go together): waiting adds no delay when the load is light, and the batches grow with
// the load. Each caller gets its own outcome; when `decide` fails, every caller of that batch gets
// the error (the transaction kept nothing of it).

export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface DecisionBatcherOptions {
  /** Batches being decided at once. */
  maxInFlight: number;
  /** Requests one batch takes at most. */
  maxBatch: number;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export class DecisionBatcher<I, O> {
  private readonly queue: Array<Waiting<I, O>> = [];
  private inFlight = 0;
  private pumpScheduled = false;

  constructor(
    /** Decides a batch in order; one outcome per item, in the items' order. */
    private readonly decide: (items: I[]) => Promise<Array<Settled<O>>>,
    private readonly options: DecisionBatcherOptions,
  ) {
    if (!(options.maxInFlight >= 1) || !(options.maxBatch >= 1)) throw new Error('DecisionBatcher needs maxInFlight and maxBatch of at least 1');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.pumpScheduled) {
        this.pumpScheduled = true;
        setImmediate(() => {
          this.pumpScheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: Array<Waiting<I, O>>): Promise<void> {
    try {
      const outcomes = await this.decide(batch.map((waiting) => waiting.item));
      if (outcomes.length !== batch.length) throw new Error(`a batch of ${batch.length} decisions answered ${outcomes.length}`);
      batch.forEach((waiting, index) => {
        const outcome = outcomes[index]!;
        if (outcome.ok) waiting.resolve(outcome.value);
        else waiting.reject(outcome.error);
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
