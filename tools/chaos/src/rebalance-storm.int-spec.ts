// A rebalance storm: up to three ledger instances join and leave the consumer group every few
// seconds while movements pour in, so partitions keep moving between instances mid-batch (a
// batch applied by one instance and committed, or not, before its partition moves on). At the end
// one instance remains, the group's lag returns to zero and the history checker passes.
import { waitFor } from '@ledgerline/testing';
import { ChaosRun } from './chaos-run';
import { InProcessLedger } from './in-process-ledger';
import { chunks, seededRandom, shuffled, storeTraffic } from './movement-factory';

jest.setTimeout(150_000);

const MAX_INSTANCES = 3;

describe('chaos: rebalance storm under load', () => {
  let run: ChaosRun;
  const instances: InProcessLedger[] = [];

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'rebalance', partitions: 6 });
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop().catch(() => undefined)));
    await run?.close();
  });

  it('keeps every movement exactly once while instances come and go', async () => {
    const random = seededRandom(1_618);
    const keys = Array.from({ length: 18 }, (_, index) => `SKU-${index}@S${index % 3}`);
    const movements = storeTraffic(run.prefix, keys, 50);
    const producer = await run.connectProducer('erp');
    const membership: string[] = [];
    let started = 0;
    const join = async () => {
      started += 1;
      const name = `storm-${started}`;
      instances.push(await InProcessLedger.start(name, run.ledgerEnvironment({ PARTITIONS_CONSUMED_CONCURRENTLY: '2' })));
      membership.push(`+${name}`);
    };
    const leave = async () => {
      const [leaving] = instances.splice(Math.floor(random() * instances.length), 1);
      await leaving!.stop();
      membership.push(`-${leaving!.name}`);
    };

    await join();
    let publishing = true;
    const publisher = (async () => {
      await run.publish(producer, movements.slice(0, keys.length));
      for (const batch of chunks(shuffled(movements.slice(keys.length), random), 20)) {
        expect(await run.publish(producer, batch)).toBe(true);
        await new Promise((settle) => setTimeout(settle, 400));
      }
      publishing = false;
    })();
    while (publishing) {
      await new Promise((settle) => setTimeout(settle, 2_000 + random() * 2_000));
      const canJoin = instances.length < MAX_INSTANCES;
      if (instances.length <= 1 || (canJoin && random() < 0.5)) await join();
      else await leave();
    }
    await publisher;
    while (instances.length > 1) await leave();

    const lag = await waitFor(async () => ((await run.consumerLag()) === 0 ? 0 : undefined), { timeoutMs: 60_000, intervalMs: 500, description: 'the group lag to return to zero' });
    await run.waitUntilSettled(60_000);
    const report = await run.check();
    console.log(`[rebalance] ${membership.length} membership changes (${membership.join(' ')}); final lag ${lag}`);
    expect(membership.filter((change) => change.startsWith('-')).length).toBeGreaterThanOrEqual(2);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, sent: movements.length, acknowledged: movements.length, applied: movements.length, lost: 0, doubled: 0 });
  });
});
