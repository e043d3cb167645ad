import { BatchCombiner } from './batch-combiner';
import { PermanentMessageError } from './transient-error';

/** An apply that records each call and finishes when the test says so. */
function controlledApply() {
  const calls: Array<{ items: string[]; finish: (error?: Error) => void }> = [];
  const apply = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, apply };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchCombiner', () => {
  it('applies the batches handed over in one turn in one call, in the order given', async () => {
    const { calls, apply } = controlledApply();
    const combiner = new BatchCombiner(apply, { maxInFlight: 1, maxCombinedItems: 100 });
    const answers = [combiner.submit(['a1', 'a2']), combiner.submit(['b1']), combiner.submit(['c1', 'c2'])];
    await turn();
    expect(calls.map((call) => call.items)).toEqual([['a1', 'a2', 'b1', 'c1', 'c2']]);
    calls[0]!.finish();
    await expect(Promise.all(answers)).resolves.toBeDefined();
  });

  it('combines what arrives while a call runs into the next, and keeps at most maxInFlight calls running', async () => {
    const { calls, apply } = controlledApply();
    const combiner = new BatchCombiner(apply, { maxInFlight: 1, maxCombinedItems: 100 });
    const first = combiner.submit(['a']);
    await turn();
    const later = [combiner.submit(['b']), combiner.submit(['c'])];
    await turn();
    expect(calls).toHaveLength(1);
    expect(combiner.queued).toBe(2);
    calls[0]!.finish();
    await first;
    await turn();
    expect(calls.map((call) => call.items)).toEqual([['a'], ['b', 'c']]);
    calls[1]!.finish();
    await Promise.all(later);
  });

  it('starts several calls at once up to maxInFlight, and never combines past maxCombinedItems', async () => {
    const { calls, apply } = controlledApply();
    const combiner = new BatchCombiner(apply, { maxInFlight: 2, maxCombinedItems: 3 });
    const answers = [combiner.submit(['a1', 'a2']), combiner.submit(['b1']), combiner.submit(['c1', 'c2']), combiner.submit(['d1', 'd2', 'd3', 'd4'])];
    await turn();
    // A batch larger than the limit goes alone; it is not split.
    expect(calls.map((call) => call.items)).toEqual([['a1', 'a2', 'b1'], ['c1', 'c2']]);
    calls[0]!.finish();
    await turn();
    expect(calls.map((call) => call.items)[2]).toEqual(['d1', 'd2', 'd3', 'd4']);
    calls[1]!.finish();
    calls[2]!.finish();
    await Promise.all(answers);
  });

  it('when a combined call refuses a message, applies each batch alone so only the refused one is rejected', async () => {
    const applied: string[][] = [];
    const combiner = new BatchCombiner(
      async (items: string[]) => {
        if (items.includes('poison')) throw new PermanentMessageError('TEST.POISON', 'this record can never be applied');
        applied.push(items);
      },
      { maxInFlight: 1, maxCombinedItems: 100 },
    );
    const results = await Promise.allSettled([combiner.submit(['a']), combiner.submit(['poison', 'b']), combiner.submit(['c'])]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(PermanentMessageError);
    expect(applied).toEqual([['a'], ['c']]);
  });

  it.each([
    ['an outage', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a revoked privilege', Object.assign(new Error('permission denied for table movement'), { code: '42501' })],
    ['a statement timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['a bug', new TypeError('cannot read properties of undefined')],
  ])('when a combined call fails with %s, gives every batch that error at once rather than trying each alone', async (_, failure) => {
    const calls: string[][] = [];
    const combiner = new BatchCombiner(
      async (items: string[]) => {
        calls.push(items);
        throw failure;
      },
      { maxInFlight: 1, maxCombinedItems: 100 },
    );
    const results = await Promise.allSettled([combiner.submit(['a']), combiner.submit(['b'])]);
    expect(results).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    expect(calls).toEqual([['a', 'b']]);
  });

  it('rejects a batch that fails alone with its own error and goes on with the next', async () => {
    let failNext = true;
    const combiner = new BatchCombiner(
      async () => {
        if (failNext) {
          failNext = false;
          throw new Error('database unreachable');
        }
      },
      { maxInFlight: 1, maxCombinedItems: 100 },
    );
    await expect(combiner.submit(['a'])).rejects.toThrow('database unreachable');
    await expect(combiner.submit(['a'])).resolves.toBeUndefined();
  });

  it('refuses limits below one', () => {
    expect(() => new BatchCombiner(async () => undefined, { maxInFlight: 0, maxCombinedItems: 10 })).toThrow('at least 1');
  });
});
