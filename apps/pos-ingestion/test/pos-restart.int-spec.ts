// A restart mid-stream loses and doubles nothing: tills keep posting (retrying the same
// transaction until it is answered, as a real till does) while one instance shuts down and a
// new one starts on the same database and topics. Every transaction answered 202 is on the
// movements topic exactly once, and nothing else is.
import { PosIngestionHarness, countBy, post, sale, type RunningService } from './pos-ingestion-harness';

jest.setTimeout(60_000);

describe('pos-ingestion restart (real Kafka and PostgreSQL)', () => {
  const harness = new PosIngestionHarness('pos-restart');
  const services: RunningService[] = [];

  beforeAll(async () => {
    await harness.setUp({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000', SHUTDOWN_DRAIN_TIMEOUT_MS: '5000' });
  });

  afterAll(async () => {
    for (const service of services) await service.app.close().catch(() => undefined);
    await harness.tearDown();
  });

  it('neither loses nor doubles an accepted transaction across a restart', async () => {
    const first = await harness.start();
    services.push(first);
    const { apiKey } = await harness.credentialFor(first.url, 'S-RESTART');
    let currentUrl = first.url;
    const answered = new Map<string, string>();
    const failedAttempts: string[] = [];
    let stop = false;

    // Three tills, each posting its own sequence; a failed attempt is retried unchanged.
    const till = async (tillNumber: number) => {
      for (let sequence = 0; !stop; sequence++) {
        const transaction = sale('S-RESTART', `R${tillNumber}-${sequence}`, [
          { sku: `SKU-${sequence % 5}`, quantity: 1 + (sequence % 3) },
          { sku: `SKU-${(sequence + 2) % 5}`, quantity: 1 },
        ]);
        for (;;) {
          try {
            const answer = await post(currentUrl, '/v1/transactions', transaction, apiKey);
            if (answer.status === 202) {
              answered.set(transaction.transactionId, String(answer.body['status']));
              break;
            }
            failedAttempts.push(`${answer.status} ${String(answer.body['code'])}`);
          } catch (error) {
            failedAttempts.push(error instanceof Error ? error.message : String(error));
          }
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    };
    const tills = [1, 2, 3].map((tillNumber) => till(tillNumber));

    await waitUntil(() => answered.size >= 30);
    const closing = first.app.close();
    await closing;
    const second = await harness.start();
    services.push(second);
    currentUrl = second.url;
    await waitUntil(() => answered.size >= 60);
    stop = true;
    await Promise.all(tills);

    expect(failedAttempts.length).toBeGreaterThan(0);
    const acceptedIds = [...answered.keys()];
    const expectedMovementIds = acceptedIds.flatMap((transactionId) => [`pos:S-RESTART:${transactionId}:1`, `pos:S-RESTART:${transactionId}:2`]);
    // A last sale on every SKU lands behind anything published earlier on the same partitions.
    const marker = sale('S-RESTART', 'MARKER', Array.from({ length: 5 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1 })));
    expect((await post(second.url, '/v1/transactions', marker, apiKey)).status).toBe(202);
    const markerIds = marker.lines.map((line) => `pos:S-RESTART:MARKER:${line.lineNumber}`);
    const movements = await harness.movementsUntil([...expectedMovementIds, ...markerIds], 30_000);
    const counts = countBy(movements.map((message) => message.movement.movementId).filter((movementId) => !markerIds.includes(movementId)));
    expect([...counts.keys()].sort()).toEqual([...expectedMovementIds].sort());
    expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect(await second.runtime.transactions.unpublishedCount()).toBe(0);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the tills');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
