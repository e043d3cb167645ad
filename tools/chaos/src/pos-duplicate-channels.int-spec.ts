// The same POS transaction delivered one to five times, over HTTP and over the raw Kafka topic at
// once; the same id with other content (409 over HTTP, a dead letter over Kafka); the same id
// posted by two requests at the same moment. The ledger must hold each line once, with the
// content first accepted, and each movement must have been published once.
import { TOPICS, type PosReturnV1, type PosSaleV1 } from '@ledgerline/contracts';
import { type ServiceProcess } from '@ledgerline/testing';
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { seededRandom, shuffled } from './movement-factory';
import { IngestionSupervisor, ingestionEnvironment, startLedger } from './pos-ingestion-process';
import { connectRawProducer, readDeadLetters, recordsOnTopic, sendRaw } from './pos-raw-intake';
import { issueKey, movementIdsOf, postJson, tillTransaction } from './pos-till';

jest.setTimeout(120_000);

const SEED = 20_260_312;
const STORE = 'S-DUP';

describe('chaos: POS duplicates over HTTP and Kafka, conflicts and simultaneous retries', () => {
  let run: ChaosRun;
  let ledger: ServiceProcess | undefined;
  let ingestion: IngestionSupervisor | undefined;

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'pos-duplicates', partitions: 3 });
  });

  afterAll(async () => {
    await ingestion?.stop().catch(() => undefined);
    await ledger?.stop().catch(() => undefined);
    await run?.close();
  });

  it('keeps one movement per line whatever the channel, the repeats and the timing', async () => {
    const random = seededRandom(SEED);
    [ledger, ingestion] = await Promise.all([startLedger(run), IngestionSupervisor.start(ingestionEnvironment(run))]);
    const url = `${ingestion.url}/v1/transactions`;
    const { apiKey } = await issueKey(ingestion.url, STORE);
    const raw = await connectRawProducer(run, 'pos-integration');
    const history = run.history;

    const lines = () => Array.from({ length: 1 + Math.floor(random() * 3) }, (_, line) => ({ sku: `SKU-${line}-${Math.floor(random() * 4)}`, quantity: 1 + Math.floor(random() * 5) }));
    const transactions = Array.from({ length: 60 }, (_, index) => tillTransaction(STORE, `D-${index}`, lines(), random() < 0.2 ? 'return' : 'sale'));

    // 1. Every transaction 1-5 times, each copy over HTTP or Kafka, all at once in a shuffled order.
    const copies = shuffled(
      transactions.flatMap((transaction) => Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({ transaction, channel: random() < 0.5 ? 'http' : 'kafka' }))),
      random,
    );
    const httpStatuses: string[] = [];
    const deliverOverHttp = async (transaction: PosSaleV1 | PosReturnV1) => {
      history.submitted(movementIdsOf(transaction));
      const answer = await postJson(url, transaction, apiKey);
      httpStatuses.push(String(answer.body['status']));
      expect(answer.status).toBe(202);
      history.acknowledged(answer.body['movementIds'] as string[]);
    };
    const deliverOverKafka = async (batch: Array<PosSaleV1 | PosReturnV1>) => {
      for (const transaction of batch) history.submitted(movementIdsOf(transaction));
      await sendRaw(run, raw, batch.map((transaction) => ({ key: `${transaction.storeId}:${transaction.transactionId}`, value: JSON.stringify(transaction) })));
      // The broker holds the records durably: the intake has promised to take them in.
      for (const transaction of batch) history.acknowledged(movementIdsOf(transaction));
    };
    const overHttp = copies.filter((copy) => copy.channel === 'http').map((copy) => copy.transaction);
    const overKafka = copies.filter((copy) => copy.channel === 'kafka').map((copy) => copy.transaction);
    const httpWorkers = Array.from({ length: 6 }, async (_, worker) => {
      for (let index = worker; index < overHttp.length; index += 6) await deliverOverHttp(overHttp[index]!);
    });
    const kafkaWorker = (async () => {
      for (let start = 0; start < overKafka.length; start += 10) await deliverOverKafka(overKafka.slice(start, start + 10));
    })();
    await Promise.all([...httpWorkers, kafkaWorker]);

    // 2. The same id at the same moment from two requests, twenty times.
    const simultaneous = Array.from({ length: 20 }, (_, index) => tillTransaction(STORE, `SIM-${index}`, lines()));
    const pairs = await Promise.all(
      simultaneous.map(async (transaction) => {
        const answers = await Promise.all([deliverSimultaneously(url, transaction, apiKey, history), deliverSimultaneously(url, transaction, apiKey, history)]);
        return answers.sort().join('+');
      }),
    );
    expect(new Set(pairs)).toEqual(new Set(['accepted+duplicate']));

    // 3. The same id with other content: other quantities and an extra line, over both channels.
    const originals = transactions.slice(0, 10);
    const altered = originals.map((transaction) => ({
      ...transaction,
      lines: [...transaction.lines.map((line) => ({ ...line, quantity: line.quantity + 1 })), { lineNumber: 9, sku: 'SKU-EXTRA', quantity: 1, unitPrice: '1.0000' }],
    }));
    const extraLineId = (transaction: PosSaleV1 | PosReturnV1) => `pos:${transaction.storeId}:${transaction.transactionId}:9`;
    for (const transaction of altered.slice(0, 5)) {
      history.submitted([extraLineId(transaction)]);
      const answer = await postJson(url, transaction, apiKey);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: 'INTAKE.CONFLICT', errors: [{ path: 'transactionId', code: 'INTAKE.CONFLICT' }] });
    }
    const conflictsOverKafka = altered.slice(5);
    history.submitted(conflictsOverKafka.map(extraLineId));
    await sendRaw(run, raw, conflictsOverKafka.map((transaction) => ({ key: `${transaction.storeId}:${transaction.transactionId}`, value: JSON.stringify(transaction) })));
    history.acknowledged(conflictsOverKafka.map(extraLineId));
    const deadLetters = await readDeadLetters(run, (letters) => letters.length >= conflictsOverKafka.length);
    expect(deadLetters.map((letter) => letter.reasonCode)).toEqual(conflictsOverKafka.map(() => 'INTAKE.CONFLICT'));
    expect(new Set(deadLetters.map((letter) => (JSON.parse(letter.originalValue) as { transactionId: string }).transactionId))).toEqual(
      new Set(conflictsOverKafka.map((transaction) => transaction.transactionId)),
    );
    history.deadLettered(conflictsOverKafka.map(extraLineId));
    await raw.disconnect();

    await run.waitUntilSettled(60_000, (movementId) => movementId.endsWith(':9'));
    const report = await run.check();
    const topicRecords = await recordsOnTopic(run, run.topic(TOPICS.inventoryMovements.name));
    const distinctLines = [...transactions, ...simultaneous].reduce((sum, transaction) => sum + transaction.lines.length, 0);
    console.log(
      `[pos-duplicates] ${transactions.length} transactions in ${copies.length} copies (${overHttp.length} HTTP, ${overKafka.length} Kafka), ` +
        `HTTP answers ${countOf(httpStatuses, 'accepted')} accepted / ${countOf(httpStatuses, 'duplicate')} duplicate; ` +
        `${simultaneous.length} simultaneous pairs ${[...new Set(pairs)].join(', ')}; 5 conflicts answered 409, ${deadLetters.length} dead-lettered; ` +
        `${topicRecords} movement records published for ${distinctLines} lines`,
    );

    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, lost: 0, doubled: 0, phantom: 0, applied: distinctLines, deadLettered: conflictsOverKafka.length });
    // Published once too: a concurrent repeat waits on the row lock and finds the transaction published.
    expect(topicRecords).toBe(distinctLines);
    // The conflicting content changed nothing: the ledger holds the quantities first accepted.
    const { rows } = await run.db.query<{ movement_id: string; quantity: string }>(
      `SELECT movement_id, abs(quantity_delta)::text AS quantity FROM ${LEDGER_SCHEMA}.movement WHERE movement_id = ANY($1::text[])`,
      [originals.flatMap((transaction) => [...movementIdsOf(transaction), extraLineId(transaction)])],
    );
    const expectedQuantities = new Map(originals.flatMap((transaction) => transaction.lines.map((line) => [`pos:${STORE}:${transaction.transactionId}:${line.lineNumber}`, String(line.quantity)])));
    expect(new Map(rows.map((row) => [row.movement_id, row.quantity]))).toEqual(expectedQuantities);
  });
});

async function deliverSimultaneously(url: string, transaction: PosSaleV1 | PosReturnV1, apiKey: string, history: ChaosRun['history']): Promise<string> {
  history.submitted(movementIdsOf(transaction));
  const answer = await postJson(url, transaction, apiKey);
  expect(answer.status).toBe(202);
  history.acknowledged(answer.body['movementIds'] as string[]);
  return String(answer.body['status']);
}

function countOf(values: readonly string[], wanted: string): number {
  return values.filter((value) => value === wanted).length;
}

