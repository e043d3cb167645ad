// The movements this process recorded and the relay has not yet published, by movement number,
// so the relay builds their events from memory instead of reading the rows back (one query and
// its row parsing per send). Only a shortcut: a batch another instance applied, one recorded
// before a restart, or one whose movements were dropped from here is read from the database, and
// the events are the same either way (the rows hold exactly what is kept here).
import type { RecordedMovement } from './ledger-events';

type SeqRange = readonly [number, number];

/** Enough for a few catch-up batches. */
const DEFAULT_CAPACITY = 30_000;

export class RecentlyRecordedMovements {
  private readonly bySeq = new Map<number, RecordedMovement>();

  /**
   * `keeping` says whether anyone here will take them: an instance whose relay is not leading
   * would only fill the store and evict, movement by movement, on the apply path.
   */
  constructor(
    private readonly keeping: () => boolean = () => true,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  get size(): number {
    return this.bySeq.size;
  }

  /** Called once a batch's transaction committed. */
  remember(movements: readonly RecordedMovement[]): void {
    if (!this.keeping()) return;
    for (const movement of movements) this.bySeq.set(movement.movementSeq, movement);
    // A Map iterates in insertion order: the oldest go first.
    for (const seq of this.bySeq.keys()) {
      if (this.bySeq.size <= this.capacity) break;
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
    return complete ? movements : undefined;
  }
}
