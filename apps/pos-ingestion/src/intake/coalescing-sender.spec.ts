import type { OutgoingRecord } from '@ledgerline/messaging';
import { CoalescingSender } from './coalescing-sender';

const records = (label: string, count = 1): OutgoingRecord[] => Array.from({ length: count }, (_, index) => ({ topic: 't', key: label, value: `${label}-${index}` }));

function controllableSend() {
  const sends: Array<{ values: unknown[]; settle(error?: Error): void }> = [];
  const send = (batch: OutgoingRecord[]) =>
    new Promise<void>((resolve, reject) => sends.push({ values: batch.map((record) => record.value), settle: (error) => (error ? reject(error) : resolve()) }));
  return { sends, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CoalescingSender', () => {
  it('sends at once when idle, and groups what arrives meanwhile into the next send, in order', async () => {
    const { sends, send } = controllableSend();
    const sender = new CoalescingSender(send);
    const first = sender.send(records('a'));
    await tick();
    const second = sender.send(records('b', 2));
    const third = sender.send(records('c'));
    expect(sends.map((entry) => entry.values)).toEqual([['a-0']]);

    let secondDone = false;
    void second.then(() => (secondDone = true));
    sends[0]!.settle();
    await first;
    await tick();
    expect(secondDone).toBe(false);
    expect(sends.map((entry) => entry.values)).toEqual([['a-0'], ['b-0', 'b-1', 'c-0']]);
    sends[1]!.settle();
    await Promise.all([second, third]);
  });

  it('rejects every caller of a failed send, and carries on with the next', async () => {
    const { sends, send } = controllableSend();
    const sender = new CoalescingSender(send);
    const first = sender.send(records('a'));
    await tick();
    const second = sender.send(records('b'));
    const third = sender.send(records('c'));
    sends[0]!.settle();
    await first;
    await tick();
    sends[1]!.settle(new Error('broker gone'));
    await expect(second).rejects.toThrow('broker gone');
    await expect(third).rejects.toThrow('broker gone');
    const fourth = sender.send(records('d'));
    await tick();
    sends[2]!.settle();
    await fourth;
    expect(sends.map((entry) => entry.values)).toEqual([['a-0'], ['b-0', 'c-0'], ['d-0']]);
  });

  it('bounds the records of one send without splitting a caller', async () => {
    const { sends, send } = controllableSend();
    const sender = new CoalescingSender(send, 3);
    const pending = [sender.send(records('a')), sender.send(records('b', 2)), sender.send(records('c', 2)), sender.send(records('d', 5))];
    for (let round = 0; round < 4; round++) {
      await tick();
      sends[round]?.settle();
    }
    await Promise.all(pending);
    expect(sends.map((entry) => entry.values.length)).toEqual([1, 2, 2, 5]);
  });

  it('sends nothing for nothing', async () => {
    const { sends, send } = controllableSend();
    await new CoalescingSender(send).send([]);
    expect(sends).toHaveLength(0);
  });

  it('takes back the records of a caller that gave up before their send started, and leaves a started send alone', async () => {
    const { sends, send } = controllableSend();
    const sender = new CoalescingSender(send);
    const started = new AbortController();
    const first = sender.send(records('a'), started.signal);
    await tick();
    const withdrawn = new AbortController();
    const second = sender.send(records('b'), withdrawn.signal);
    const third = sender.send(records('c'));
    withdrawn.abort(new Error('gave up'));
    started.abort(new Error('gave up too late'));
    await expect(second).rejects.toThrow('gave up');
    sends[0]!.settle();
    await first;
    await tick();
    expect(sends.map((entry) => entry.values)).toEqual([['a-0'], ['c-0']]);
    sends[1]!.settle();
    await third;
    await expect(sender.send(records('d'), withdrawn.signal)).rejects.toThrow('gave up');
  });
});
