// pos-ingestion's CPU time per POS line, stage by stage, in this process: the end-to-end
// scenario's traffic (requests of 20 sale tickets of 5 lines from one store's till) through the
// real functions of each stage the intake and its two followers of stock-changed run per line.
// Run on its own (not part of `npm run bench`), with nothing else started:
//
//   node -r ./tools/ts-register.cjs tools/bench/src/pos-intake-cpu.ts [--rounds 9] [stage-prefix ...]
//
// PostgreSQL and Kafka are not reached: the stages that talk to them are given stand-ins that
// answer at once (the store's statements answer every transaction inserted, the publisher and the
// producer's kafkajs client accept everything), so a figure is the CPU of the code around the
// statements and sends, not of the drivers, the server or the broker. Each stage runs warm, then
// `--rounds` times; it prints one JSON object a stage: the median over the rounds of user + system
// CPU time per POS line (process.cpuUsage), and every round's figure.
import { parseArgs } from 'node:util';
import { TOPICS, createEnvelope, type PosTransactionV1, type StockChangedV1 } from '@ledgerline/contracts';
import { EventProducer } from '@ledgerline/messaging';
import { planPublication, transactionToMovements, type PlannedPublication } from '@ledgerline/pos-domain';
import { configureLogging, findDuplicateKey } from '@ledgerline/runtime';
import { stockChangeSignal } from '../../../apps/pos-ingestion/src/counting/stock-change-signal';
import { countSignalWrites } from '../../../apps/pos-ingestion/src/counting/count-signal-writes';
import { TransactionsController } from '../../../apps/pos-ingestion/src/http/transactions.controller';
import type { IntakeOutcome } from '../../../apps/pos-ingestion/src/intake/intake-outcome';
import { sendInChunks } from '../../../apps/pos-ingestion/src/intake/chunked-send';
import { movementRecords } from '../../../apps/pos-ingestion/src/intake/movement-publisher';
import { screenTransaction } from '../../../apps/pos-ingestion/src/intake/screen-transaction';
import { decodeStockChanged, mayBeOfKinds } from '../../../apps/pos-ingestion/src/intake/stock-changed-following';
import { TransactionIntake } from '../../../apps/pos-ingestion/src/intake/transaction-intake';
import { RejectionLog } from '../../../apps/pos-ingestion/src/persistence/rejection-log';
import { TransactionStore } from '../../../apps/pos-ingestion/src/persistence/transaction-store';
import { LEDGER_TRANSFER_KINDS } from '../../../apps/pos-ingestion/src/transfers/ledger-transfers.consumer';
import { print, round, runStandalone } from './infra/standalone-run';
import { PosTraffic } from './workload/pos-workload';
import { StockUniverse } from './workload/stock-universe';

const TICKETS_PER_REQUEST = 20;
const LINES_PER_TICKET = 5;
const LINES_PER_REQUEST = TICKETS_PER_REQUEST * LINES_PER_TICKET;
const REQUESTS = 50;
const CALLS_PER_ROUND = 200;
const TOPIC = 'inventory.movements.v1';

interface Stage {
  name: string;
  linesPerCall: number;
  run(call: number): unknown;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '9' } }, allowPositionals: true });
  const rounds = Number(values.rounds);
  // The intake logs each request; its line is written (that is part of the cost) and dropped.
  configureLogging({ service: 'pos-intake-cpu', level: 'info', sink: () => undefined });

  const traffic = new PosTraffic(new StockUniverse(5_000, 20), 100_000, 'cpu', TICKETS_PER_REQUEST, LINES_PER_TICKET);
  const requests = Array.from({ length: REQUESTS }, () => traffic.nextRequest());
  const bodies = requests.map((request) => JSON.stringify({ transactions: request.transactions }));
  // What the body parser hands the controller: plain parsed JSON.
  const parsed = bodies.map((body) => (JSON.parse(body) as { transactions: PosTransactionV1[] }).transactions);
  const callerOf = (storeId: string) => ({ storeId, terminalId: 'T01', keyId: 'bench' });
  const policy = { maxClockSkewMinutes: 5, maxEventAgeDays: 90 };

  let inserted: Array<{ store_id: string; transaction_id: string }> = [];
  const insertedByRequest = requests.map((request) => request.transactions.map((transaction) => ({ store_id: transaction.storeId, transaction_id: transaction.transactionId })));
  const database = {
    createQueryRunner: () => ({
      connect: async () => undefined,
      release: async () => undefined,
      query: async () => undefined,
      manager: { query: async (sql: string) => (sql.includes('INSERT INTO') ? inserted : []) },
    }),
  };
  const store = new TransactionStore(database as never, 'pos');
  const intake = new TransactionIntake({} as never, store, { publish: async () => [] } as never, new RejectionLog(database as never, 'pos'), policy);
  const submit = (call: number) => {
    const transactions = parsed[call % REQUESTS] ?? [];
    inserted = insertedByRequest[call % REQUESTS] ?? [];
    return intake.submit(transactions, { channel: 'http', caller: callerOf(transactions[0]?.storeId ?? '') });
  };
  const outcomes: IntakeOutcome[][] = [];
  for (let call = 0; call < REQUESTS; call++) outcomes.push(await submit(call));
  if (outcomes.flat().some((outcome) => outcome.status !== 'accepted')) throw new Error('the bench traffic was not accepted as a whole');
  let answering = 0;
  const controller = new TransactionsController({ intake: { submit: async () => outcomes[answering % REQUESTS] } } as never);

  const plans: PlannedPublication[][] = requests.map(
    (request) => planPublication(request.transactions.map((transaction) => ({ transaction: JSON.parse(JSON.stringify(transaction)), status: 'accepted', published: false }))).publish,
  );
  const records = plans.map((plan) => plan.flatMap((publication) => movementRecords(publication, TOPIC)));
  const kafka = { producer: () => ({ on: () => undefined, events: { DISCONNECT: 'disconnect' }, connect: async () => undefined, sendBatch: async () => [] }) };
  const producer = new EventProducer(kafka as never);

  const stockChanged = requests.slice(0, 10).flatMap((request) => request.transactions.flatMap(stockChangedRecords));
  const signalsEvents = stockChanged.map((value) => decoded(value));
  const transfersMayHold = mayBeOfKinds(LEDGER_TRANSFER_KINDS);

  const stages: Stage[] = [
    { name: 'duplicate-key check of the body', linesPerCall: LINES_PER_REQUEST, run: (call) => findDuplicateKey(bodies[call % REQUESTS] ?? '') },
    {
      name: 'screening',
      linesPerCall: LINES_PER_REQUEST,
      run: (call) => {
        const transactions = parsed[call % REQUESTS] ?? [];
        const storeId = transactions[0]?.storeId ?? '';
        const context = { now: new Date(), policy, knownStores: new Set([storeId]), caller: callerOf(storeId) };
        for (const transaction of transactions) if (!screenTransaction(transaction, context).ok) throw new Error('screening refused bench traffic');
      },
    },
    {
      name: 'transaction store (statements answered at once)',
      linesPerCall: LINES_PER_REQUEST,
      run: (call) => {
        inserted = insertedByRequest[call % REQUESTS] ?? [];
        return store.record(requests[call % REQUESTS]?.transactions ?? [], 'http');
      },
    },
    { name: 'intake submit (screening, store, outcomes, log)', linesPerCall: LINES_PER_REQUEST, run: submit },
    {
      name: 'batch answer',
      linesPerCall: LINES_PER_REQUEST,
      run: (call) => {
        answering = call;
        const transactions = parsed[call % REQUESTS] ?? [];
        return controller.postBatch({ headers: { 'content-type': 'application/json' }, posCaller: callerOf(transactions[0]?.storeId ?? '') } as never, { transactions });
      },
    },
    {
      name: 'publication plan',
      linesPerCall: LINES_PER_REQUEST,
      run: (call) => planPublication((requests[call % REQUESTS]?.transactions ?? []).map((transaction) => ({ transaction, status: 'accepted', published: false }))),
    },
    { name: 'movement records (envelopes)', linesPerCall: LINES_PER_REQUEST, run: (call) => (plans[call % REQUESTS] ?? []).flatMap((publication) => movementRecords(publication, TOPIC)) },
    { name: 'chunked send and producer (kafkajs accepting at once)', linesPerCall: LINES_PER_REQUEST, run: (call) => sendInChunks(producer, records[call % REQUESTS] ?? []) },
    {
      name: 'counting follower: decode stock-changed',
      linesPerCall: stockChanged.length,
      run: () => {
        for (const value of stockChanged) decoded(value);
      },
    },
    { name: 'counting follower: signals of a batch', linesPerCall: signalsEvents.length, run: () => countSignalWrites(signalsEvents.map(stockChangeSignal), new Map()) },
    {
      name: 'transfers follower: passing over other kinds',
      linesPerCall: stockChanged.length,
      run: () => {
        for (const value of stockChanged) if (transfersMayHold(value)) throw new Error('a sale was taken for a transfer');
      },
    },
  ];

  for (const stage of stages) {
    if (positionals.length > 0 && !positionals.some((prefix) => stage.name.startsWith(prefix))) continue;
    const figures = await measure(stage, rounds);
    print({ stage: stage.name, medianNsPerLine: round(median(figures)), roundsNsPerLine: figures.map(round) });
  }
}

/** The stock-changed events the ledger publishes for a ticket's lines, as the bytes a follower fetches. */
function stockChangedRecords(transaction: PosTransactionV1): Buffer[] {
  if (transaction.type === 'void') return [];
  return transactionToMovements(transaction).map((movement, index) => {
    const payload: StockChangedV1 = {
      movementId: movement.movementId,
      kind: movement.kind,
      sku: movement.sku,
      locationId: movement.locationId,
      quantityDelta: -movement.quantity,
      onHand: 40 - index,
      inTransit: 0,
      onOrder: 0,
      inventoryValue: '120.0000',
      averageUnitCost: '3.0000',
      balanceVersion: 17 + index,
      costOfGoodsSold: '3.0000',
      occurredAt: movement.occurredAt,
      appliedAt: movement.occurredAt,
    };
    const envelope = createEnvelope(TOPICS.stockChanged, payload, { producer: 'inventory-ledger', occurredAt: payload.occurredAt, eventId: `stock-changed:${payload.movementId}` });
    return Buffer.from(JSON.stringify(envelope));
  });
}

function decoded(value: Buffer): StockChangedV1 {
  const result = decodeStockChanged({ topic: TOPICS.stockChanged.name, partition: 0, offset: '0', key: null, value, headers: {}, timestamp: '0' });
  if (!result.ok) throw new Error(`a bench stock-changed event breaks its contract: ${result.reason}`);
  return result.value;
}

async function measure(stage: Stage, rounds: number): Promise<number[]> {
  for (let call = 0; call < CALLS_PER_ROUND; call++) await stage.run(call);
  const figures: number[] = [];
  for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
    const start = process.cpuUsage();
    for (let call = 0; call < CALLS_PER_ROUND; call++) await stage.run(call);
    const used = process.cpuUsage(start);
    figures.push(((used.user + used.system) * 1_000) / (CALLS_PER_ROUND * stage.linesPerCall));
  }
  return figures;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

runStandalone(main);
