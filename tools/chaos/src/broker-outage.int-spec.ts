// The broker is killed (kill -9) in the middle of ingest and stays away for 30 s before it
// restarts and recovers its logs. The test runs a broker of its own (the
// shared one is never stopped) and the ledger as its own process under a supervisor: the ledger
// either rides the outage out or exits non-zero and is restarted. During the outage its readiness
// says not-ready; afterwards producers resend what was not acknowledged, and the checker proves
// nothing acknowledged was lost and nothing applied twice.
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import type { EventProducer } from '@ledgerline/messaging';
import { waitFor } from '@ledgerline/testing';
import { ChaosRun } from './chaos-run';
import { DedicatedBroker } from './dedicated-broker';
import { LedgerSupervisor } from './ledger-process';
import { chunks, storeTraffic } from './movement-factory';

jest.setTimeout(240_000);

const OUTAGE_MS = 30_000;

describe('chaos: broker outage during ingest', () => {
  let broker: DedicatedBroker | undefined;
  let run: ChaosRun | undefined;
  let supervisor: LedgerSupervisor | undefined;

  afterAll(async () => {
    await supervisor?.stop().catch(() => undefined);
    await run?.close().catch(() => undefined);
    await broker?.remove();
  });

  it('recovers from a killed broker and a 30 s outage, is not ready meanwhile, and loses nothing acknowledged', async () => {
    broker = await DedicatedBroker.start('outage');
    run = await ChaosRun.open({ label: 'broker-outage', brokers: [broker.address], partitions: 3 });
    const chaos = run;
    supervisor = new LedgerSupervisor('broker-outage', chaos.ledgerEnvironment());
    await supervisor.start();
    const ledger = supervisor;
    await waitFor(async () => ((await ledger.process?.readiness()) === 200 ? true : undefined), { timeoutMs: 60_000, description: 'the ledger to be ready' });

    const keys = Array.from({ length: 9 }, (_, index) => `SKU-${index}@S${index % 3}`);
    const movements = storeTraffic(chaos.prefix, keys, 60);
    const pending: InventoryMovementV1[][] = [movements.slice(0, keys.length), ...chunks(movements.slice(keys.length), 10)];
    let producer: EventProducer | undefined;
    let failedSends = 0;
    // A producer that retries briefly; a batch it could not send goes back in the queue and is
    // sent again later, as an integration with its own outbox would.
    const publisher = (async () => {
      while (pending.length > 0) {
        const batch = pending.shift()!;
        producer ??= await chaos.connectProducer(`till-${failedSends}`, { retries: 1 }).catch(() => undefined);
        const acknowledged = producer !== undefined && (await chaos.publish(producer, batch));
        if (!acknowledged) {
          failedSends += 1;
          pending.push(batch);
          await producer?.disconnect().catch(() => undefined);
          producer = undefined;
          await new Promise((settle) => setTimeout(settle, 500));
        } else {
          await new Promise((settle) => setTimeout(settle, 100));
        }
      }
    })();

    await waitFor(() => (chaos.history.acknowledgedIds().length >= movements.length / 4 ? true : undefined), { timeoutMs: 30_000, description: 'a quarter of the traffic acknowledged' });
    // The broker dies (kill -9) and stays away for 30 s.
    await broker.crash();
    const outageStarted = Date.now();
    const readinessDuringOutage: Array<number | null> = [];
    while (Date.now() - outageStarted < OUTAGE_MS) {
      readinessDuringOutage.push((await ledger.process?.readiness()) ?? null);
      await new Promise((settle) => setTimeout(settle, 1_000));
    }
    const acknowledgedBeforeRecovery = chaos.history.acknowledgedIds().length;
    await broker.resume();
    const outageSeconds = (Date.now() - outageStarted) / 1_000;

    await publisher;
    await chaos.waitUntilSettled(120_000);
    await waitFor(async () => ((await ledger.process?.readiness()) === 200 ? true : undefined), { timeoutMs: 60_000, description: 'the ledger to be ready again' });
    const report = await chaos.check();
    const notReady = readinessDuringOutage.filter((status) => status === 503).length;
    console.log(
      `[broker-outage] broker down ${outageSeconds.toFixed(1)} s; readiness during the outage: ${notReady} x 503, ${readinessDuringOutage.filter((status) => status === 200).length} x 200, ` +
        `${readinessDuringOutage.filter((status) => status === null).length} x no answer; ${failedSends} sends failed and were retried; ` +
        `${acknowledgedBeforeRecovery} acknowledged before recovery; ledger exits ${JSON.stringify(ledger.exits)}`,
    );
    expect(notReady).toBeGreaterThan(0);
    expect(failedSends).toBeGreaterThan(0);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, sent: movements.length, acknowledged: movements.length, applied: movements.length, lost: 0, doubled: 0 });
  });
});
