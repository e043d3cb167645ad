// Reservation decisions through the real HTTP API of a running inventory-ledger, while sales and
// receipts arrive on the movements topic. First fixed rates, one step after another, on ONE key
// (every request fighting for the same balance row) and spread over MANY keys, each request timed
// from when it was due, so what a target rate costs in latency is what is measured; then the most
// each way answers with 256 requests in flight, on one key, over many keys and across locations
// (the ledger picking the locations). After the run, once every movement is applied, it checks that what
// the answers granted is what the balances hold reserved and the open reservations hold, that no
// grant left more reserved than on hand, and that reserved + available + sold add up to what
// was received.
import { Client } from 'pg';
import { TOPICS } from '@ledgerline/contracts';
import { ensureTopics, prefixedTopic } from '@ledgerline/messaging';
import { withResources } from '../infra/bench-resources';
import { benchCredentialHeaders } from '../infra/bench-credentials';
import { produceAll } from '../infra/bulk-producer';
import { BackendCpuMeter } from '../infra/backend-cpu';
import { JsonHttpClient } from '../infra/json-http-client';
import { LedgerProbe } from '../infra/ledger-probe';
import { cpuSecondsOfProcessesNamed } from '../infra/machine-cpu';
import { offerAtRate, offerOnSchedule, type OpenLoopResult, type ScheduledLoadResult } from '../infra/open-loop';
import { LEDGER_SCHEMA, startLedger } from '../infra/services';
import type { ServiceProcess } from '../infra/service-process';
import { MovementFlow } from '../workload/movement-flow';
import { openingReceipts } from '../workload/movement-workload';
import { seededRandom } from '../workload/seeded-random';
import { StockUniverse } from '../workload/stock-universe';
import type { Figure, ScenarioContext, ScenarioResult } from './scenario';

const MAX_STOCKED_KEYS = 20_000;
const OPENING_UNITS = 500;
/** The hot key holds this share of the units its phase asks for (with its opening stock): the rest is refused, or met by receipts arriving meanwhile. */
const HOT_KEY_STOCK_SHARE = 0.6;

/** Connections the client opens at most: a fixed rate's requests beyond them wait, and that wait counts in their latency. */
const CLIENT_CONNECTIONS = 1_024;
/** How far behind its schedule a fixed rate may fall before the rest of it is not sent. */
const GIVE_UP_AFTER_MS = 10_000;
/** Requests the most-answered phases keep in flight. */
const SATURATION_IN_FLIGHT = 256;

type Outcome = 'granted' | 'refused';

interface Phase {
  name: string;
  ratePerSecond: number;
  path: string;
  body: (index: number) => { units: number; body: unknown };
}

/** CPU seconds spent over one phase: the ledger process, its database connections' backends, every postgres process, this client. */
interface PhaseCpu {
  ledger: number;
  ledgerBackends: number;
  everyPostgres: number;
  client: number;
}

export async function measureReservations({ options, progress, workspaceRoot }: ScenarioContext): Promise<ScenarioResult> {
  return withResources('reservations', async (resources) => {
    const universe = new StockUniverse(options.skus, options.locations);
    const stockedSkus = Math.max(1, Math.floor(Math.min(universe.keyCount, options.quick ? 2_500 : MAX_STOCKED_KEYS) / universe.locationCount));
    const stockedKeys = stockedSkus * universe.locationCount;
    const kafka = resources.kafka('reservations');
    const movementsTopic = prefixedTopic(resources.prefix, TOPICS.inventoryMovements.name);
    await ensureTopics(kafka, [
      { topic: movementsTopic, partitions: options.partitions },
      { topic: prefixedTopic(resources.prefix, TOPICS.catalogItems.name), partitions: 3, compacted: true },
    ]);
    // Short, so that the ids built from it stay within the contracts' 64 characters.
    const runId = `r${Date.now().toString(36)}`;
    const hotKey = universe.key(0);
    const flow = new MovementFlow(kafka, movementsTopic, universe, stockedKeys, runId, hotKey);
    await flow.connect();
    progress.step(`reservations: opening stock for ${stockedKeys.toLocaleString('en-US')} SKU/locations`);
    await produceAll(kafka, prefixedTopic(resources.prefix, TOPICS.catalogItems.name), universe.catalogRecords(new Date().toISOString()));
    await produceAll(kafka, movementsTopic, openingReceipts(universe, stockedKeys, runId));
    flow.received += stockedKeys * OPENING_UNITS;
    flow.produced += stockedKeys;
    // The fixed rates on the hot key are stocked in full (a refusal costs less than a grant); the most-answered phase after them runs short.
    const oneKeyStepUnits = options.reservationOneKeySteps.reduce((sum, rate) => sum + Math.max(1, Math.round(rate * options.reservationStepSeconds)), 0);
    const hotKeyTopUp = oneKeyStepUnits + Math.round(options.reservationOneKeyRate * options.reservationSeconds * HOT_KEY_STOCK_SHARE) - OPENING_UNITS;
    if (hotKeyTopUp > 0) await flow.receive(hotKey, hotKeyTopUp);

    const database = await resources.database('reservations');
    let running: ServiceProcess | undefined;
    const db = new Client({ connectionString: database.url });
    let client: JsonHttpClient | undefined;
    let probe: LedgerProbe | undefined;
    try {
      const ledger = await startLedger(resources, database, options, workspaceRoot);
      running = ledger;
      await db.connect();
      await waitForApplied(db, flow.produced, ledger);
      const headers = await benchCredentialHeaders(ledger.url, ['reservation:write']);
      client = new JsonHttpClient(ledger.url, CLIENT_CONNECTIONS);
      const random = seededRandom(11);
      const units = () => 1 + Math.floor(random() * 3);
      const oneKey = (name: string, ratePerSecond: number): Phase => ({
        name,
        ratePerSecond,
        path: '/v1/reservations',
        body: () => ({ units: 1, body: { channel: 'web', lines: [{ ...hotKey, quantity: 1 }] } }),
      });
      const manyKeys = (name: string, ratePerSecond: number): Phase => ({
        name,
        ratePerSecond,
        path: '/v1/reservations',
        body: () => {
          const quantity = units();
          return { units: quantity, body: { channel: 'web', lines: [{ ...universe.key(1 + Math.floor(random() * (stockedKeys - 1))), quantity }] } };
        },
      });
      const steps: Phase[] = [
        ...options.reservationOneKeySteps.map((rate) => oneKey(`one key at ${rate.toLocaleString('en-US')}/s`, rate)),
        ...options.reservationManyKeysSteps.map((rate) => manyKeys(`many keys at ${rate.toLocaleString('en-US')}/s`, rate)),
      ];
      const phases: Phase[] = [
        oneKey('one key', options.reservationOneKeyRate),
        manyKeys('many keys', options.reservationManyKeysRate),
        {
          name: 'across locations',
          ratePerSecond: options.reservationAcrossRate,
          path: '/v1/reservations/across-locations',
          body: () => {
            const quantity = units();
            return { units: quantity, body: { channel: 'web', sku: universe.sku(1 + Math.floor(random() * (stockedSkus - 1))), quantity } };
          },
        },
      ];
      const figures: Figure[] = [];
      let grantedUnits = 0;
      const httpClient = client;
      const send = (phase: Phase) => async (index: number): Promise<Outcome> => {
        const request = phase.body(index);
        const idempotencyKey = `${runId}-${phase.name.replace(/[ ,/]+/g, '-')}-${index}`;
        const answer = await httpClient.post(phase.path, { ...headers, 'idempotency-key': idempotencyKey }, JSON.stringify(request.body));
        const body = answer.body as { code?: string; granted?: number } | undefined;
        if (answer.status === 201) {
          grantedUnits += body?.granted ?? request.units;
          return 'granted';
        }
        if (answer.status === 409 && body?.code === 'RESERVATION.INSUFFICIENT_AVAILABLE') return 'refused';
        throw new Error(`${phase.path} answered ${answer.status}: ${JSON.stringify(body)}`);
      };
      probe = await LedgerProbe.open(database.url);
      const ledgerProbe = probe;
      const backends = new BackendCpuMeter(() => ledgerProbe.otherBackendPids());
      const measured = async <R>(run: () => Promise<R>): Promise<{ result: R; cpu: PhaseCpu }> => {
        const [ledgerBefore, postgresBefore] = await Promise.all([ledger.cpuSeconds(), cpuSecondsOfProcessesNamed('postgres'), backends.start()]);
        const clientBefore = process.cpuUsage();
        const sampling = setInterval(() => void backends.sample().catch(() => undefined), 1_000);
        try {
          const result = await run();
          const clientUsed = process.cpuUsage(clientBefore);
          const [ledgerAfter, postgresAfter] = await Promise.all([ledger.cpuSeconds(), cpuSecondsOfProcessesNamed('postgres'), backends.sample()]);
          return {
            result,
            cpu: { ledger: ledgerAfter - ledgerBefore, ledgerBackends: backends.seconds(), everyPostgres: postgresAfter - postgresBefore, client: (clientUsed.user + clientUsed.system) / 1e6 },
          };
        } finally {
          clearInterval(sampling);
        }
      };
      flow.start(options.reservationMovementRate);
      // Not reported: the first seconds of HTTP requests in a fresh process are its JIT's warm-up, not its steady cost.
      const warmUp = manyKeys('warm-up', Math.min(...options.reservationManyKeysSteps, options.reservationManyKeysRate));
      progress.step(`reservations: warming up, many keys at ${warmUp.ratePerSecond.toLocaleString('en-US')}/s for ${options.reservationStepSeconds} s`);
      await offerOnSchedule<Outcome>({ ratePerSecond: warmUp.ratePerSecond, seconds: options.reservationStepSeconds, maxInFlight: CLIENT_CONNECTIONS, giveUpAfterMs: GIVE_UP_AFTER_MS }, send(warmUp));
      for (const step of steps) {
        progress.step(`reservations: ${step.name} for ${options.reservationStepSeconds} s, each request timed from its schedule`);
        const { result, cpu } = await measured(() =>
          offerOnSchedule<Outcome>({ ratePerSecond: step.ratePerSecond, seconds: options.reservationStepSeconds, maxInFlight: CLIENT_CONNECTIONS, giveUpAfterMs: GIVE_UP_AFTER_MS }, send(step)),
        );
        figures.push(...stepFigures(step.name, result, cpu));
      }
      for (const phase of phases) {
        progress.step(`reservations: ${phase.name}, offering ${phase.ratePerSecond.toLocaleString('en-US')}/s for ${options.reservationSeconds} s`);
        const { result, cpu } = await measured(() =>
          offerAtRate<Outcome>({ ratePerSecond: phase.ratePerSecond, seconds: options.reservationSeconds, maxInFlight: SATURATION_IN_FLIGHT }, send(phase)),
        );
        figures.push(...phaseFigures(phase.name, result, cpu));
      }
      await flow.stop();
      progress.step('reservations: waiting for every movement to be applied, then checking');
      await waitForApplied(db, flow.produced, ledger);
      figures.push(...(await checkBalances(db, { grantedUnits, received: flow.received, sold: flow.sold })));
      figures.push({ measure: 'movements during the run', value: options.reservationMovementRate, unit: '/s', note: `sales and receipts on the movements topic, a fifth on the hot key; ${flow.produced.toLocaleString('en-US')} movements applied in all` });
      return { scenario: 'reservations', status: 'measured', figures, peakRssMiB: { 'inventory-ledger': await ledger.peakRssMiB() } };
    } finally {
      await flow.stop().catch(() => undefined);
      await flow.disconnect().catch(() => undefined);
      await db.end().catch(() => undefined);
      client?.close();
      await probe?.close().catch(() => undefined);
      await running?.stop();
    }
  });
}

function stepFigures(name: string, result: ScheduledLoadResult<Outcome>, cpu: PhaseCpu): Figure[] {
  const { latencyMs, outcomes } = result;
  const answered = result.sent - outcomes.error;
  return [
    {
      measure: `${name}: achieved`,
      value: result.answeredPerSecond,
      unit: '/s',
      note: `${result.sent.toLocaleString('en-US')} sent on schedule, answered over ${result.seconds.toFixed(1)} s${result.abandoned === 0 ? '' : `; ${result.abandoned.toLocaleString('en-US')} not sent, the client having fallen ${GIVE_UP_AFTER_MS / 1000} s behind (each counted in the latency as at least that late: the percentiles are lower bounds)`}`,
    },
    { measure: `${name}: latency p50`, value: latencyMs.p50, unit: 'ms', note: 'from when each request was due, its wait to be sent included' },
    { measure: `${name}: latency p99`, value: latencyMs.p99, unit: 'ms' },
    { measure: `${name}: latency max`, value: latencyMs.max, unit: 'ms', note: `the client sent late by p99 ${result.sendLagMs.p99.toFixed(1)} ms, max ${result.sendLagMs.max.toFixed(1)} ms` },
    grantedFigure(name, outcomes, result.firstError),
    ...cpuFigures(name, cpu, answered, result.offeredPerSecond),
  ];
}

function phaseFigures(name: string, result: OpenLoopResult<Outcome>, cpu: PhaseCpu): Figure[] {
  const { latencyMs, outcomes } = result;
  const answered = result.sent - outcomes.error;
  return [
    { measure: `${name}: offered`, value: result.offeredPerSecond, unit: '/s', note: `${result.sent.toLocaleString('en-US')} sent${result.notSent === 0 ? '' : `, ${result.notSent.toLocaleString('en-US')} not sent (${SATURATION_IN_FLIGHT} in flight)`}` },
    { measure: `${name}: achieved`, value: result.answeredPerSecond, unit: '/s', note: `answered over ${result.seconds.toFixed(1)} s` },
    { measure: `${name}: latency p50`, value: latencyMs.p50, unit: 'ms', note: 'from send to answer' },
    { measure: `${name}: latency p99`, value: latencyMs.p99, unit: 'ms' },
    { measure: `${name}: latency max`, value: latencyMs.max, unit: 'ms' },
    grantedFigure(name, outcomes, result.firstError),
    ...cpuFigures(name, cpu, answered, result.offeredPerSecond),
  ];
}

function grantedFigure(name: string, outcomes: Record<Outcome | 'error', number>, firstError: string | undefined): Figure {
  return {
    measure: `${name}: granted`,
    value: outcomes.granted ?? 0,
    unit: 'requests',
    note: `${(outcomes.refused ?? 0).toLocaleString('en-US')} refused (409 insufficient), ${outcomes.error.toLocaleString('en-US')} errors${firstError === undefined ? '' : `, the first: ${firstError.slice(0, 300)}`}`,
  };
}

function cpuFigures(name: string, cpu: PhaseCpu, answered: number, offeredPerSecond: number): Figure[] {
  const perDecision = (seconds: number) => (seconds / answered) * 1e6;
  return [
    {
      measure: `${name}: ledger CPU per decision`,
      value: perDecision(cpu.ledger),
      unit: 'µs',
      note: `user + system of the ledger process over the phase (applying the movements meanwhile included) per request answered; ${((cpu.ledger / answered) * offeredPerSecond).toFixed(2)} cores at ${offeredPerSecond.toLocaleString('en-US')}/s`,
    },
    {
      measure: `${name}: PostgreSQL CPU per decision`,
      value: perDecision(cpu.ledgerBackends),
      unit: 'µs',
      note: `the backends of the ledger's connections (and this bench's idle one to the same database); every postgres process (the server's shared work and anything else it serves included): ${perDecision(cpu.everyPostgres).toFixed(0)} µs; this client: ${perDecision(cpu.client).toFixed(0)} µs`,
    },
  ];
}

async function waitForApplied(db: Client, produced: number, ledger: ServiceProcess): Promise<void> {
  const deadline = Date.now() + 120_000 + produced;
  for (;;) {
    ledger.assertRunning();
    const { rows } = await db.query<{ applied: string }>(`SELECT count(*) AS applied FROM ${LEDGER_SCHEMA}.movement`).catch(() => ({ rows: [{ applied: '0' }] }));
    if (Number(rows[0]?.applied) >= produced) return;
    if (Date.now() > deadline) throw new Error(`the ledger applied ${rows[0]?.applied} of ${produced} movements in time; its last output:\n${ledger.recentOutput()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Throws when the ledger holds other figures than the answers and the movements say. */
async function checkBalances(db: Client, expected: { grantedUnits: number; received: number; sold: number }): Promise<Figure[]> {
  const { rows } = await db.query<{ on_hand: string; reserved: string; open: string; overgranted: string }>(
    `SELECT (SELECT sum(on_hand) FROM ${LEDGER_SCHEMA}.stock_balance) AS on_hand,
            (SELECT sum(reserved) FROM ${LEDGER_SCHEMA}.stock_balance) AS reserved,
            (SELECT COALESCE(sum(quantity - fulfilled_quantity), 0) FROM ${LEDGER_SCHEMA}.reservation WHERE status = 'open') AS open,
            (SELECT count(*) FROM ${LEDGER_SCHEMA}.reservation_event WHERE kind = 'granted' AND reserved_after > on_hand_after) AS overgranted`,
  );
  const onHand = Number(rows[0]?.on_hand);
  const reserved = Number(rows[0]?.reserved);
  const available = onHand - reserved;
  const faults = [
    reserved !== expected.grantedUnits && `the balances hold ${reserved} reserved, the answers granted ${expected.grantedUnits}`,
    Number(rows[0]?.open) !== reserved && `the open reservations hold ${rows[0]?.open}, the balances ${reserved} reserved`,
    Number(rows[0]?.overgranted) > 0 && `${rows[0]?.overgranted} grants left more reserved than on hand`,
    reserved + available + expected.sold !== expected.received && `reserved ${reserved} + available ${available} + sold ${expected.sold} is not the ${expected.received} received`,
  ].filter((fault): fault is string => typeof fault === 'string');
  if (faults.length > 0) throw new Error(`reservations do not add up: ${faults.join('; ')}`);
  return [
    {
      measure: 'units reserved at the end',
      value: reserved,
      unit: 'units',
      note: `= granted by the answers and held by open reservations; reserved ${reserved.toLocaleString('en-US')} + available ${available.toLocaleString('en-US')} + sold ${expected.sold.toLocaleString('en-US')} = received ${expected.received.toLocaleString('en-US')}; no grant beyond on hand`,
    },
  ];
}
