// What happened to each movement id during a fault run, from three vantage points: the producer
// that submitted it (every attempt, successful or not), the broker that acknowledged it (the send
// resolved, so the system promised to keep it), and the ledger that applied it (its rows).
//
// The promise under test: acknowledged ⊆ applied ⊆ submitted, each applied exactly once. A movement
// submitted but never acknowledged (the send failed during an outage) may or may not be applied;
// both are correct, since the producer was told it might not have arrived.

export interface HistoryFigures {
  /** Distinct movement ids submitted. */
  sent: number;
  /** Submissions in total, duplicates and retries included. */
  deliveries: number;
  /** Distinct ids whose send the broker acknowledged. */
  acknowledged: number;
  /** Distinct ids found applied. */
  applied: number;
  /** Acknowledged but neither applied nor dead-lettered: a broken promise. */
  lost: number;
  /** Applied more than once. */
  doubled: number;
  /** Refused by the ledger and set aside with a reason. */
  deadLettered: number;
  /** Dead-lettered yet also applied: the ledger half-refused it. */
  appliedDespiteDeadLetter: number;
  /** Applied but never submitted: the ledger invented or mixed up an id. */
  phantom: number;
  /** Submitted, not acknowledged, yet applied: allowed (the send reached the broker, the answer did not). */
  appliedWithoutAcknowledgement: number;
  /** A few offending ids per kind of violation, for the failure message. */
  examples: { lost: string[]; doubled: string[]; phantom: string[]; appliedDespiteDeadLetter: string[] };
}

const EXAMPLES_PER_KIND = 5;

export class MovementHistory {
  private readonly submissions = new Map<string, number>();
  private readonly acknowledgements = new Set<string>();
  private readonly applications = new Map<string, number>();
  private readonly deadLetters = new Set<string>();

  /** Call before each send attempt, for every id in it (a resend counts again). */
  submitted(movementIds: Iterable<string>): void {
    for (const id of movementIds) this.submissions.set(id, (this.submissions.get(id) ?? 0) + 1);
  }

  /** Call when a send resolved: the broker holds these ids durably. */
  acknowledged(movementIds: Iterable<string>): void {
    for (const id of movementIds) {
      // An acknowledgement of an id never submitted would be a bug in the test itself.
      if (!this.submissions.has(id)) throw new Error(`movement ${id} acknowledged but never submitted`);
      this.acknowledgements.add(id);
    }
  }

  /** Call once per application found (once per ledger row, so a doubled id is passed twice). */
  applied(movementIds: Iterable<string>): void {
    for (const id of movementIds) this.applications.set(id, (this.applications.get(id) ?? 0) + 1);
  }

  /**
   * Call for an id the ledger refused and set aside on the dead-letter topic: the promise for it
   * is "never applied, and said why", not "applied once".
   */
  deadLettered(movementIds: Iterable<string>): void {
    for (const id of movementIds) this.deadLetters.add(id);
  }

  /** Forgets what was applied, so the ledger can be read again at the end of a run. */
  clearApplied(): void {
    this.applications.clear();
  }

  isAcknowledged(movementId: string): boolean {
    return this.acknowledgements.has(movementId);
  }

  acknowledgedIds(): string[] {
    return [...this.acknowledgements];
  }

  figures(): HistoryFigures {
    const lost = [...this.acknowledgements].filter((id) => !this.applications.has(id) && !this.deadLetters.has(id));
    const appliedDespiteDeadLetter = [...this.deadLetters].filter((id) => this.applications.has(id));
    const doubled = [...this.applications].filter(([, times]) => times > 1).map(([id]) => id);
    const phantom = [...this.applications.keys()].filter((id) => !this.submissions.has(id));
    const appliedWithoutAcknowledgement = [...this.applications.keys()].filter((id) => this.submissions.has(id) && !this.acknowledgements.has(id));
    let deliveries = 0;
    for (const times of this.submissions.values()) deliveries += times;
    return {
      sent: this.submissions.size,
      deliveries,
      acknowledged: this.acknowledgements.size,
      applied: this.applications.size,
      lost: lost.length,
      doubled: doubled.length,
      deadLettered: this.deadLetters.size,
      appliedDespiteDeadLetter: appliedDespiteDeadLetter.length,
      phantom: phantom.length,
      appliedWithoutAcknowledgement: appliedWithoutAcknowledgement.length,
      examples: {
        lost: lost.slice(0, EXAMPLES_PER_KIND),
        doubled: doubled.slice(0, EXAMPLES_PER_KIND),
        phantom: phantom.slice(0, EXAMPLES_PER_KIND),
        appliedDespiteDeadLetter: appliedDespiteDeadLetter.slice(0, EXAMPLES_PER_KIND),
      },
    };
  }
}
