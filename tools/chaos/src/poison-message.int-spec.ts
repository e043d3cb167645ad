// A poison message in a busy partition: a well-formed movement the ledger must refuse (an ERP
// adjustment using a reason code only the ledger may post) and a record that is not even JSON,
// both on the same key as ordinary traffic. Each is the message's own fault, so each lands on the
// dead-letter topic at once, with its reason and position, without being retried; the movements
// behind it on that partition keep flowing.
import { TOPICS, type InventoryMovementV1 } from '@ledgerline/contracts';
import type { DeadLetter } from '@ledgerline/messaging';
import { readTopicUntil } from '@ledgerline/testing';
import { ChaosRun } from './chaos-run';
import { InProcessLedger } from './in-process-ledger';
import { adjustment, storeTraffic } from './movement-factory';

jest.setTimeout(120_000);

describe('chaos: a poison message in a partition', () => {
  let run: ChaosRun;
  let ledger: InProcessLedger | undefined;

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'poison', partitions: 2 });
  });

  afterAll(async () => {
    await ledger?.stop().catch(() => undefined);
    await run?.close();
  });

  it('dead-letters the poison with its reason at its first refusal and applies everything behind it', async () => {
    const keys = ['TEA@S1', 'JAM@S1', 'OIL@S2'];
    const traffic = storeTraffic(run.prefix, keys, 40);
    const before = traffic.slice(0, traffic.length / 2);
    const after = traffic.slice(traffic.length / 2);
    const poison: InventoryMovementV1 = adjustment(`${run.prefix}:forged-variance`, 'TEA@S1', 500, 'count-variance', 12);
    const producer = await run.connectProducer('erp');

    ledger = await InProcessLedger.start('poison', run.ledgerEnvironment());
    const poisonedAt = Date.now();
    expect(await run.publish(producer, before)).toBe(true);
    expect(await run.publish(producer, [poison])).toBe(true);
    await producer.send([{ topic: run.topic(TOPICS.inventoryMovements.name), key: 'TEA@S1', value: '{"eventId": "truncated' }]);
    expect(await run.publish(producer, after)).toBe(true);

    const deadLetters = (
      await readTopicUntil(run.topic(TOPICS.inventoryMovementsDeadLetter.name), (messages) => messages.length >= 2, { timeoutMs: 60_000, brokers: run.brokers })
    ).map((message) => (JSON.parse(message.value!) as { eventType: string; payload: DeadLetter }).payload);
    const secondsToDeadLetter = (Date.now() - poisonedAt) / 1_000;
    const refused = deadLetters.find((letter) => letter.reasonCode === 'LEDGER.RESERVED_REASON_CODE');
    const malformed = deadLetters.find((letter) => letter.reasonCode === 'CONTRACT.MALFORMED_JSON');
    expect(deadLetters).toHaveLength(2);
    expect(refused).toMatchObject({ originalTopic: run.topic(TOPICS.inventoryMovements.name), originalKey: 'TEA@S1', attempts: 1, service: 'inventory-ledger' });
    expect(refused!.reason).toMatch(/reserved for adjustments the ledger derives itself/);
    expect(refused!.originalValue).toContain(poison.movementId);
    expect(malformed).toMatchObject({ originalKey: 'TEA@S1', attempts: 1, originalValue: '{"eventId": "truncated' });
    // Both sit on TEA@S1's partition, ahead of the second half of its traffic.
    expect(refused!.originalPartition).toBe(malformed!.originalPartition);
    run.history.deadLettered([poison.movementId]);

    await run.waitUntilSettled(60_000, (movementId) => movementId === poison.movementId);
    const report = await run.check();
    console.log(`[poison] dead-lettered ${deadLetters.length} records within ${secondsToDeadLetter.toFixed(1)} s: ${deadLetters.map((letter) => `${letter.reasonCode} after ${letter.attempts} attempt(s)`).join('; ')}`);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, sent: traffic.length + 1, acknowledged: traffic.length + 1, applied: traffic.length, deadLettered: 1, lost: 0, doubled: 0 });
    expect(secondsToDeadLetter).toBeLessThan(30);
  });
});
