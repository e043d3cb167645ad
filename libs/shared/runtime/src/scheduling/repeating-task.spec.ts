import { RepeatingTask } from './repeating-task';

describe('RepeatingTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs once per interval, never two runs at once, and reports a failure without stopping', async () => {
    let started = 0;
    let finish: (() => void) | undefined;
    const errors: unknown[] = [];
    const task = new RepeatingTask(
      1_000,
      () => {
        started += 1;
        if (started === 2) return Promise.reject(new Error('database gone'));
        return new Promise<void>((resolve) => (finish = resolve));
      },
      (error) => errors.push(error),
    );
    task.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(started).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(started).toBe(1);
    // Still running at the next intervals: none starts beside it.
    await jest.advanceTimersByTimeAsync(3_000);
    expect(started).toBe(1);
    finish?.();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(2);
    expect(errors).toEqual([new Error('database gone')]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(3);
    const stopping = task.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    // Stopping waits for the run in flight, and no run starts after it.
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    await jest.advanceTimersByTimeAsync(5_000);
    expect(started).toBe(3);
  });
});
