// Background housekeeping on a fixed interval (pruning old records and the like): a run never
// starts while the last is still going, a failed run is reported and left to the next interval
// (nothing is lost by waiting), the timer does not keep an idle process alive, and stopping waits
// for the run in flight, so a shutdown never cuts one off halfway.

export class RepeatingTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.running ??= this.run()
        .then(() => undefined, this.onError)
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
