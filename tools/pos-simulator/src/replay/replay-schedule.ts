// When, in real time, each invoice of a replayed file is sent: the gaps between invoice times
// divided by the speed-up, with long quiet spells (nights, weekends, the Christmas closure)
// shortened to at most maxGapSeconds so a replay does not sit idle for minutes.

export class ReplaySchedule {
  private lastDataTime: number | undefined;
  private offsetMs = 0;

  constructor(
    private readonly speedup: number,
    private readonly maxGapSeconds: number,
  ) {
    if (!(speedup > 0)) throw new Error(`REPLAY.BAD_SPEEDUP: speed-up must be positive, got ${speedup}`);
  }

  /** Milliseconds after the start of the replay at which an event of `dataTime` is due. */
  offsetOf(dataTime: number): number {
    if (this.lastDataTime !== undefined) {
      // Rows slightly out of order in the file are sent at once, never before earlier ones.
      const gap = Math.max(0, dataTime - this.lastDataTime) / this.speedup;
      this.offsetMs += Math.min(gap, this.maxGapSeconds * 1000);
    }
    this.lastDataTime = Math.max(dataTime, this.lastDataTime ?? dataTime);
    return this.offsetMs;
  }
}
