// Loads a history of movements into the ledger without Kafka: the lines of the movements topic's
// contract (one enveloped inventory.movements.v1 value per line, NDJSON) are decoded as the
// consumer decodes records and applied in batches by the ledger's own writer, so they get exactly
// the rows a consumed batch gets. Keys are spread over lanes as the topic spreads them over
// partitions: each lane applies its batches one after the other, in the order of the input, so
// every SKU/location sees its movements in the order given; lanes run side by side.
//
// What the consumer would dead-letter is refused and reported, and nothing of it is loaded: a
// line that breaks the contract, and a movement a ledger rule refuses (found, as the consumer
// finds it, by halving the batch that holds it). Any other failure stops the load: it throws,
// with every batch applied so far committed and nothing of the failed one; loading the same input
// again skips what was applied (movement ids are applied once) and carries on.
import { TOPICS, decodeEvent, stockKey } from '@ledgerline/contracts';
import { PermanentMessageError } from '@ledgerline/messaging';
import type { AppliedBatch, IncomingMovement } from '../ledger/ledger-writer';

export interface BatchApplier {
  applyBatch(incoming: IncomingMovement[]): Promise<AppliedBatch>;
}

export interface BulkLoadOptions {
  /** Movements per batch handed to the writer. */
  batchSize: number;
  /** Batches applied side by side (each lane holds a share of the keys). */
  lanes: number;
  /** Hears every refused line as it is found. */
  onRefused?: (refusal: RefusedLine) => void;
  /** Hears the running totals after every batch. */
  onProgress?: (totals: BulkLoadTotals) => void;
}

export interface RefusedLine {
  /** 1-based line number in the input. */
  line: number;
  movementId: string | undefined;
  code: string;
  reason: string;
}

export interface BulkLoadTotals {
  lines: number;
  applied: number;
  duplicates: number;
  refused: number;
}

interface QueuedMovement extends IncomingMovement {
  line: number;
}

export class BulkLoader {
  private readonly totals: BulkLoadTotals = { lines: 0, applied: 0, duplicates: 0, refused: 0 };
  private readonly queued: QueuedMovement[][];
  private readonly running: Array<Promise<void>>;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly writer: BatchApplier,
    private readonly options: BulkLoadOptions,
  ) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, not ${options.batchSize}`);
    if (!Number.isInteger(options.lanes) || options.lanes < 1) throw new RangeError(`lanes must be a positive integer, not ${options.lanes}`);
    this.queued = Array.from({ length: options.lanes }, () => []);
    this.running = Array.from({ length: options.lanes }, () => Promise.resolve());
  }

  /** Loads every line; resolves with the totals, or throws the first failure that is not a refusal. */
  async load(lines: AsyncIterable<string> | Iterable<string>): Promise<BulkLoadTotals> {
    for await (const text of lines) {
      this.throwIfFailed();
      const line = ++this.totals.lines;
      if (text.trim() === '') continue;
      const decoded = decodeEvent(TOPICS.inventoryMovements, text);
      if (!decoded.ok) {
        this.refuse({ line, movementId: undefined, code: decoded.reasonCode, reason: describeErrors(decoded.reason, decoded.errors) });
        continue;
      }
      const { payload, eventId, correlationId } = decoded.value;
      const lane = laneOf(stockKey(payload.sku, payload.locationId), this.options.lanes);
      const queue = this.queueOf(lane);
      queue.push({ line, movement: payload, cause: { eventId, correlationId } });
      if (queue.length >= this.options.batchSize) await this.dispatch(lane);
    }
    for (let lane = 0; lane < this.options.lanes; lane++) await this.dispatch(lane);
    await Promise.all(this.running);
    this.throwIfFailed();
    return { ...this.totals };
  }

  /** Hands the lane's queue to the writer once the lane's previous batch is done: a full lane holds the reading back. */
  private async dispatch(lane: number): Promise<void> {
    await this.running[lane];
    this.throwIfFailed();
    const batch = this.queueOf(lane).splice(0);
    if (batch.length === 0) return;
    this.running[lane] = this.applyRefusingFaults(batch).then(
      () => this.options.onProgress?.({ ...this.totals }),
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
  }

  /** As the consumer does: a batch a ledger rule refuses is halved until the refused movement stands alone. */
  private async applyRefusingFaults(batch: QueuedMovement[]): Promise<void> {
    try {
      const applied = await this.writer.applyBatch(batch.map(({ movement, cause }) => ({ movement, cause })));
      this.totals.applied += applied.applied;
      this.totals.duplicates += applied.duplicates;
    } catch (error) {
      if (!(error instanceof PermanentMessageError)) throw error;
      const [only] = batch;
      if (batch.length === 1 && only) {
        this.refuse({ line: only.line, movementId: only.movement.movementId, code: error.code, reason: describeErrors(error.message, error.details) });
        return;
      }
      const middle = Math.ceil(batch.length / 2);
      await this.applyRefusingFaults(batch.slice(0, middle));
      await this.applyRefusingFaults(batch.slice(middle));
    }
  }

  private queueOf(lane: number): QueuedMovement[] {
    const queue = this.queued[lane];
    if (queue === undefined) throw new RangeError(`no lane ${lane} of ${this.options.lanes}`);
    return queue;
  }

  private refuse(refusal: RefusedLine): void {
    this.totals.refused++;
    this.options.onRefused?.(refusal);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** FNV-1a of the key: any stable spread will do, since lanes only need to keep each key in one. */
export function laneOf(key: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % lanes;
}

function describeErrors(reason: string, errors: ReadonlyArray<{ path: string; message: string }>): string {
  return errors.length === 0 ? reason : `${reason} (${errors.map(({ path, message }) => `${path}: ${message}`).join('; ')})`;
}
