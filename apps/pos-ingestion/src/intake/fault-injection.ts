// A deliberate crash at the moment that matters for exactly-once on the POS side: Kafka has
// acknowledged a publication's movements, but the transaction is not yet marked published and
// the till has no answer. The fault drills set FAULT_INJECTION (e.g. "after-kafka-ack@3": die like
// kill -9 right after the third acknowledged publication) to prove that the till's retry and the
// republisher neither lose nor double a line. Unset in production.

export type IntakeCrashPoint = 'after-kafka-ack';

export const FAULT_INJECTION_PATTERN = /^(after-kafka-ack)@([1-9]\d*)$/;

export class FaultInjection {
  private publications = 0;

  private constructor(
    private readonly point: IntakeCrashPoint | null,
    private readonly onPublication: number,
    private readonly crash: () => void,
  ) {}

  static fromSetting(setting: string | undefined, crash: () => void = () => process.kill(process.pid, 'SIGKILL')): FaultInjection {
    const match = setting === undefined ? null : FAULT_INJECTION_PATTERN.exec(setting);
    if (match === null) return new FaultInjection(null, 0, crash);
    return new FaultInjection(match[1] as IntakeCrashPoint, Number(match[2]), crash);
  }

  static none(): FaultInjection {
    return FaultInjection.fromSetting(undefined);
  }

  /** Call once Kafka acknowledged a publication (one send carrying movements). */
  kafkaAcknowledged(): void {
    this.publications += 1;
    if (this.point === 'after-kafka-ack' && this.publications === this.onPublication) this.crash();
  }
}
