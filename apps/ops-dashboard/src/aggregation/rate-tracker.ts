// Turns a growing counter (a topic's end offsets, a service's messages-consumed total) into
// events per second: the increase between two samples divided by the time between them. A
// counter that goes down (a service restarted, a topic recreated) starts again from that sample
// instead of producing a negative rate. A counter that stands still adds one zero to the history
// and then nothing, so a quiet platform's rates do not change.
import { TimeSeries, type Point } from './time-series';

export class RateTracker {
  private previous: { time: number; total: number } | undefined;
  private readonly history: TimeSeries;
  private currentRate: number | undefined;

  constructor(windowMs: number) {
    this.history = new TimeSeries(windowMs);
  }

  /** Records the counter's value at `time` (ms); returns the rate since the previous sample, if any. */
  sample(time: number, total: number): number | undefined {
    const previous = this.previous;
    this.previous = { time, total };
    if (!previous || time <= previous.time) return this.currentRate;
    if (total < previous.total) {
      this.currentRate = undefined;
      return undefined;
    }
    this.currentRate = ((total - previous.total) * 1000) / (time - previous.time);
    this.history.add(time, this.currentRate);
    return this.currentRate;
  }

  get rate(): number | undefined {
    return this.currentRate;
  }

  get total(): number | undefined {
    return this.previous?.total;
  }

  series(): Point[] {
    return this.history.values();
  }
}

/** Rates by name (topic, service), created on first sight. */
export class RateBook {
  private readonly trackers = new Map<string, RateTracker>();

  constructor(private readonly windowMs: number) {}

  sample(name: string, time: number, total: number): number | undefined {
    let tracker = this.trackers.get(name);
    if (!tracker) {
      tracker = new RateTracker(this.windowMs);
      this.trackers.set(name, tracker);
    }
    return tracker.sample(time, total);
  }

  get(name: string): RateTracker | undefined {
    return this.trackers.get(name);
  }
}
