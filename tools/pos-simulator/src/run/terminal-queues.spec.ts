import { TerminalQueues } from './terminal-queues';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TerminalQueues', () => {
  it('runs one terminal in order, one at a time, and terminals in parallel', async () => {
    const queues = new TerminalQueues();
    const log: string[] = [];
    const releases: Array<() => void> = [];
    const work = (name: string) => () =>
      new Promise<void>((resolve) => {
        log.push(`start ${name}`);
        releases.push(() => {
          log.push(`end ${name}`);
          resolve();
        });
      });
    queues.enqueue('S1/T1', work('a1'));
    queues.enqueue('S1/T1', work('a2'));
    queues.enqueue('S1/T2', work('b1'));
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);
    expect(queues.backlog).toBe(3);
    releases.shift()!();
    await tick();
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    releases.shift()!();
    releases.shift()!();
    await queues.whenIdle();
    expect(queues.backlog).toBe(0);
    expect(log.filter((entry) => entry.startsWith('end'))).toEqual(['end a1', 'end b1', 'end a2']);
  });

  it('carries on after a failing request', async () => {
    const queues = new TerminalQueues();
    const done: string[] = [];
    queues.enqueue('T', async () => {
      throw new Error('boom');
    });
    queues.enqueue('T', async () => {
      done.push('second');
    });
    await queues.whenIdle();
    expect(done).toEqual(['second']);
  });
});
