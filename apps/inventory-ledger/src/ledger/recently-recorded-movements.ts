// The movements this process recorded and the relay has not yet published, by movement number,
// so the relay builds their events from memory instead of reading the rows back (one query and
// its row parsing per send). Only a shortcut: a batch another instance applied, one recorded
// before a restart, or one whose movements were dropped from here is read from the database, and
// the events are the same either way (the rows hold exactly what is kept here).
//
// Under a backlog the writer can apply faster than the relay publishes. Rather than let the store
// evict what the relay is about to need (measured: half the batches of a 200,000-movement
// catch-up were read back), the writer waits for room before its next batch, so the apply runs
// at most `capacity` movements ahead of the relay. Both share one thread, so the wait costs no
// throughput; it only bounds memory and keeps the database free of read-backs.
import type { RecordedMovement } from './ledger-events';

type SeqRange = readonly [number, number];

export interface RecentlyRecordedMovementsOptions {
  /** A new batch waits while this many movements are held (about ten catch-up batches). */
  capacity?: number;
  /**
   * The longest a batch waits for the relay (stalled by a broker outage, say); past it the batch
   * goes on and the oldest movements are dropped above twice the capacity, to be read back. Well
   * inside the shortest consumer session timeout (6 s): the consumer does not heartbeat meanwhile.
   */
  maxWaitMs?: number;
}

const DEFAULT_CAPACITY = 60_000;
const DEFAULT_MAX_WAIT_MS = 3_000;
/** How often a waiting batch looks again whether this instance still relays. */
const RECHECK_MS = 250;

export class RecentlyRecordedMovements {
  private readonly bySeq = new Map<number, RecordedMovement>();
  private readonly capacity: number;
  private readonly maxWaitMs: number;
  private wakeWaiters: (() => void) | undefined;
  private roomMade: Promise<void> | undefined;

  /**
   * `keeping` says whether anyone here will take them: an instance whose relay is not leading
   * would only fill the store and evict, movement by movement, on the apply path.
   */
  constructor(
    private readonly keeping: () => boolean = () => true,
    { capacity = DEFAULT_CAPACITY, maxWaitMs = DEFAULT_MAX_WAIT_MS }: RecentlyRecordedMovementsOptions = {},
  ) {
    this.capacity = capacity;
    this.maxWaitMs = maxWaitMs;
  }

  get size(): number {
    return this.bySeq.size;
  }

  /**
   * Resolves once `count` more movements fit, at once when they do or when nobody here relays.
   * A batch larger than the whole capacity waits only until the store is empty.
   */
  async makeRoomFor(count: number): Promise<void> {
    const deadline = Date.now() + this.maxWaitMs;
    while (this.keeping() && this.bySeq.size > 0 && this.bySeq.size + count > this.capacity) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await this.roomMadeOrAfter(Math.min(left, RECHECK_MS));
    }
  }

  /** Called once a batch's transaction committed. */
  remember(movements: readonly RecordedMovement[]): void {
    if (!this.keeping()) return;
    for (const movement of movements) this.bySeq.set(movement.movementSeq, movement);
    // A Map iterates in insertion order: the oldest go first.
    for (const seq of this.bySeq.keys()) {
      if (this.bySeq.size <= 2 * this.capacity) break;
      this.bySeq.delete(seq);
    }
  }

  /**
   * The movements with these numbers, in order, when every one of them is here; undefined
   * otherwise. Either way it forgets them: a send that fails reads them from the database.
   */
  take(ranges: readonly SeqRange[]): RecordedMovement[] | undefined {
    const movements: RecordedMovement[] = [];
    let complete = true;
    for (const [first, last] of ranges) {
      for (let seq = first; seq <= last; seq++) {
        const movement = this.bySeq.get(seq);
        if (movement === undefined) complete = false;
        else {
          movements.push(movement);
          this.bySeq.delete(seq);
        }
      }
    }
    this.wakeWaiters?.();
    return complete ? movements : undefined;
  }

  private roomMadeOrAfter(ms: number): Promise<void> {
    this.roomMade ??= new Promise<void>((resolve) => {
      this.wakeWaiters = () => {
        this.wakeWaiters = undefined;
        this.roomMade = undefined;
        resolve();
      };
    });
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    return Promise.race([this.roomMade, elapsed]).finally(() => clearTimeout(timer));
  }
}
