// Deliberate crashes at the two moments that matter for exactly-once: just before the batch's
// database transaction commits, and after it committed but before the Kafka offsets are. The
// fault tests and chaos drills set FAULT_INJECTION (e.g. "after-db-commit@2": die like kill -9 on
// the second batch) to prove a restart neither loses nor doubles a movement. Unset in production.

export type CrashPoint = 'before-db-commit' | 'after-db-commit';

export const FAULT_INJECTION_PATTERN = /^(before-db-commit|after-db-commit)@([1-9]\d*)$/;

export class FaultInjection {
  private batches = 0;

  private constructor(
    private readonly point: CrashPoint | null,
    private readonly onBatch: number,
    private readonly crash: () => void,
  ) {}

  static fromSetting(setting: string | undefined, crash: () => void = () => process.kill(process.pid, 'SIGKILL')): FaultInjection {
    const match = setting === undefined ? null : FAULT_INJECTION_PATTERN.exec(setting);
    if (match === null) return new FaultInjection(null, 0, crash);
    return new FaultInjection(match[1] as CrashPoint, Number(match[2]), crash);
  }

  /** Counts batches; call once per batch, before the crash points are reached. */
  startBatch(): void {
    this.batches += 1;
  }

  /** Whether a crash is set at `point` at all. */
  isArmedAt(point: CrashPoint): boolean {
    return this.point === point;
  }

  at(point: CrashPoint): void {
    if (point === this.point && this.batches === this.onBatch) this.crash();
  }
}
