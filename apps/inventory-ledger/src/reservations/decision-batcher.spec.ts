// The group commit's queue: what arrives together or while batches run goes into the next batch,
// in order, within its bounds; each caller gets its own outcome, and a failed batch fails all.
import { DecisionBatcher, type Settled } from './decision-batcher';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('DecisionBatcher', () => {
  it('decides what arrives together in one batch, in order, and answers each caller its own outcome', async () => {
    const batches: number[][] = [];
    const batcher = new DecisionBatcher<number, string>(
      async (items) => {
        batches.push(items);
        return items.map((item): Settled<string> => (item % 2 === 0 ? { ok: true, value: `even ${item}` } : { ok: false, error: new Error(`odd ${item}`) }));
      },
      { maxInFlight: 1, maxBatch: 10 },
    );
    const outcomes = await Promise.all([1, 2, 3, 4].map((item) => batcher.submit(item).catch((error: Error) => error.message)));
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(outcomes).toEqual(['odd 1', 'even 2', 'odd 3', 'even 4']);
  });

  it('queues while the batches in flight run, takes at most maxBatch into one, and runs at most maxInFlight at once', async () => {
    const batches: number[][] = [];
    const gates = [deferred(), deferred(), deferred(), deferred()];
    let running = 0;
    let mostRunning = 0;
    const batcher = new DecisionBatcher<number, number>(
      async (items) => {
        const gate = gates[batches.length]!;
        batches.push(items);
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        await gate.promise;
        running -= 1;
        return items.map((value) => ({ ok: true, value }));
      },
      { maxInFlight: 2, maxBatch: 3 },
    );
    const first = [batcher.submit(1), batcher.submit(2), batcher.submit(3), batcher.submit(4)];
    await new Promise((resolve) => setImmediate(resolve));
    const later = [5, 6, 7].map((item) => batcher.submit(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1, 2, 3], [4]]);
    gates[0]!.resolve();
    gates[1]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    expect(await Promise.all([...first, ...later])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(batches).toEqual([[1, 2, 3], [4], [5, 6, 7]]);
    expect(mostRunning).toBe(2);
  });

  it('fails every caller of a batch that fails, and decides the next batch as usual', async () => {
    let calls = 0;
    const batcher = new DecisionBatcher<string, string>(
      async (items) => {
        calls += 1;
        if (calls === 1) throw new Error('the database is gone');
        return items.map((value) => ({ ok: true, value }));
      },
      { maxInFlight: 1, maxBatch: 10 },
    );
    const failed = await Promise.all(['a', 'b'].map((item) => batcher.submit(item).catch((error: Error) => error.message)));
    expect(failed).toEqual(['the database is gone', 'the database is gone']);
    expect(await batcher.submit('c')).toBe('c');
  });
});
