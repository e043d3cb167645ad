// Hostile input against the running pos-ingestion, over HTTP and over the raw Kafka topic:
// malformed and oversized JSON, wrong types, impossible quantities (zero, negative, fractional,
// beyond 2^53), garbage SKUs, an unknown store, extra fields, far-future and far-past times, deep
// nesting, prototype-pollution keys and control characters (see pos-hostile-input.ts). Each must
// be refused with its own 4xx naming the field (a dead letter with the reason over Kafka), write
// nothing (no movement on the topic, no transaction row) and leave the process up and lean.
import fc from 'fast-check';
import { TOPICS } from '@ledgerline/contracts';
import { waitFor } from '@ledgerline/testing';
import { ChaosRun } from './chaos-run';
import { INGESTION_SCHEMA, IngestionSupervisor, ingestionEnvironment } from './pos-ingestion-process';
import { controlSale, hostileCases, type HostileCase, type HostileContext } from './pos-hostile-input';
import { connectRawProducer, readDeadLetters, recordsOnTopic, sendRaw } from './pos-raw-intake';
import { issueKey, postJson } from './pos-till';

jest.setTimeout(120_000);

const SEED = Number(process.env['POS_HOSTILE_SEED'] ?? Date.now() % 2_147_483_647);
const HTTP_RUNS = 400;
const KAFKA_RUNS = 150;
const BODY_LIMIT_BYTES = 64 * 1024;
/** Peak resident memory allowed above the instance's peak before the attack. */
const RSS_GROWTH_LIMIT_KIB = 200 * 1024;

describe('chaos: hostile input to pos-ingestion', () => {
  let run: ChaosRun;
  let ingestion: IngestionSupervisor | undefined;
  let context: HostileContext;
  let apiKey: string;
  let sequence = 0;

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'pos-hostile', partitions: 3 });
    ingestion = await IngestionSupervisor.start(ingestionEnvironment(run, { HTTP_BODY_LIMIT: '64kb' }));
    ({ apiKey } = await issueKey(ingestion.url, 'S-HOSTILE'));
    context = { storeId: 'S-HOSTILE', unknownStoreId: 'S-NOWHERE', bodyLimitBytes: BODY_LIMIT_BYTES, nextTransactionId: () => `H-${(sequence += 1)}` };
    console.log(`[pos-hostile] seed=${SEED} (POS_HOSTILE_SEED to replay)`);
  });

  afterAll(async () => {
    await ingestion?.stop().catch(() => undefined);
    await run?.close();
  });

  const transactionRows = () => run.scalar(`SELECT count(*) AS n FROM ${INGESTION_SCHEMA}.pos_transaction`);
  const movementRecords = () => recordsOnTopic(run, run.topic(TOPICS.inventoryMovements.name));

  it('refuses each hostile HTTP body with a specific 4xx naming the field, writes nothing and stays up', async () => {
    const supervisor = ingestion!;
    const rssBefore = supervisor.process!.peakRssKiB();
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileCases(context), async (hostile) => {
        kinds.set(hostile.kind, (kinds.get(hostile.kind) ?? 0) + 1);
        const answer = await postJson(`${supervisor.url}/v1/transactions`, hostile.text, apiKey);
        expect({ kind: hostile.kind, status: answer.status, code: answer.body['code'] }).toEqual({ kind: hostile.kind, status: hostile.httpStatus, code: hostile.code });
        if (hostile.path !== undefined) expect({ kind: hostile.kind, namesField: refusedPaths(answer.body).some((path) => isWithin(path, hostile.path!)) }).toEqual({ kind: hostile.kind, namesField: true });
      }),
      { seed: SEED, numRuns: HTTP_RUNS },
    );
    const live = await fetch(`${supervisor.url}/health/live`);
    const rssAfter = supervisor.process!.peakRssKiB();
    console.log(`[pos-hostile] HTTP: ${HTTP_RUNS} bodies (${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}); peak RSS ${kib(rssBefore)} -> ${kib(rssAfter)}`);

    expect(live.status).toBe(200);
    expect(supervisor.exits).toEqual([]);
    if (rssBefore !== undefined && rssAfter !== undefined) expect(rssAfter - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT_KIB);
    expect(await transactionRows()).toBe(0);
    expect(await movementRecords()).toBe(0);
    // Still taking real work, with nothing polluted: a clean sale goes through.
    const clean = await postJson(`${supervisor.url}/v1/transactions`, controlSale(context), apiKey);
    expect(clean).toMatchObject({ status: 202, body: { status: 'accepted' } });
    expect(await transactionRows()).toBe(1);
  });

  it('dead-letters each hostile raw record with its reason and writes nothing', async () => {
    const supervisor = ingestion!;
    const cases: HostileCase[] = fc.sample(hostileCases(context), { seed: SEED + 1, numRuns: KAFKA_RUNS });
    const unreadable = [
      { key: 'raw-invalid-utf8', value: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), code: 'INTAKE.INVALID_ENCODING' },
      { key: 'raw-empty', value: Buffer.alloc(0), code: 'INTAKE.EMPTY_RECORD' },
      // PostgreSQL refuses a NUL in text: the refusal must still be recorded and dead-lettered.
      { key: 'raw-nul-id', value: controlSale(context).replace(/"transactionId":"/, '"transactionId":"\\u0000'), code: 'INTAKE.VALIDATION_FAILED' },
    ];
    const rowsBefore = await transactionRows();
    const movementsBefore = await movementRecords();
    const raw = await connectRawProducer(run, 'hostile-integration');
    try {
      // A few at a time: an oversized case is up to 256 kB, and the broker takes 1 MB per request.
      const records = [...cases.map((hostile, index) => ({ key: `raw-${index}`, value: hostile.text })), ...unreadable];
      for (let start = 0; start < records.length; start += 3) await sendRaw(run, raw, records.slice(start, start + 3));
    } finally {
      await raw.disconnect();
    }
    const letters = await readDeadLetters(run, (seen) => seen.length >= cases.length + unreadable.length, 60_000);
    const byKey = new Map(letters.map((letter) => [letter.originalKey, letter]));
    const mismatches = cases.flatMap((hostile, index) => {
      const letter = byKey.get(`raw-${index}`);
      const code = hostile.kafkaCode ?? hostile.code;
      const namesField = hostile.path === undefined || hostile.kafkaCode !== undefined || letter?.errors.some((error) => isWithin(error.path, hostile.path!));
      return letter?.reasonCode === code && namesField ? [] : [{ kind: hostile.kind, expected: { code, path: hostile.path }, got: letter ?? null }];
    });
    expect(mismatches).toEqual([]);
    for (const { key, code } of unreadable) expect(byKey.get(key)?.reasonCode).toBe(code);
    expect(letters).toHaveLength(cases.length + unreadable.length);
    console.log(`[pos-hostile] Kafka: ${cases.length + unreadable.length} records, ${letters.length} dead letters, each with the expected reason`);

    await waitFor(async () => (await fetch(`${supervisor.url}/health/ready`)).status === 200, { timeoutMs: 10_000, description: 'the intake to stay ready' });
    expect(supervisor.exits).toEqual([]);
    expect(await transactionRows()).toBe(rowsBefore);
    expect(await movementRecords()).toBe(movementsBefore);
  });
});

function refusedPaths(body: Record<string, unknown>): string[] {
  const errors = Array.isArray(body['errors']) ? (body['errors'] as Array<{ path?: unknown }>) : [];
  return errors.map((error) => String(error.path));
}

/** The refusal names the field itself or a part of it (`lines[0]` for a `lines` of the wrong kind). */
function isWithin(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}[`) || path.startsWith(`${field}.`);
}

function kib(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${Math.round(value / 1024)} MiB`;
}
