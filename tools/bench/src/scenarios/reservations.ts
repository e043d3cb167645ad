// Reservation decisions through the real HTTP API of a running inventory-ledger, open loop at a
// target rate: on ONE key (every request fighting for the same balance row), spread over MANY
// keys, and across locations (the ledger picking the locations), while sales and receipts arrive
// on the movements topic. After the run, once every movement is applied, it checks that what
// the answers granted is what the balances hold reserved and the open reservations hold, that no
// grant left more reserved than on hand, and that reserved + available + sold add up to what
// was received.
import { Client } from 'pg';
import { TOPICS } from '@ledgerline/contracts';
import { ensureTopics, prefixedTopic } from '@ledgerline/messaging';
import { withResources } from '../infra/bench-resources';
import { benchCredentialHeaders } from '../infra/bench-credentials';
import { produceAll } from '../infra/bulk-producer';
import { offerAtRate, type OpenLoopResult } from '../infra/open-loop';
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

type Outcome = 'granted' | 'refused';

interface Phase {
  name: string;
  ratePerSecond: number;
  path: string;
  body: (index: number) => { units: number; body: unknown };
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
    const hotKeyTopUp = Math.round(options.reservationOneKeyRate * options.reservationSeconds * HOT_KEY_STOCK_SHARE) - OPENING_UNITS;
    if (hotKeyTopUp > 0) await flow.receive(hotKey, hotKeyTopUp);

    const database = await resources.database('reservations');
    let running: ServiceProcess | undefined;
    const db = new Client({ connectionString: database.url });
    try {
      const ledger = await startLedger(resources, database, options, workspaceRoot);
      running = ledger;
      await db.connect();
      await waitForApplied(db, flow.produced, ledger);
      const headers = { ...(await benchCredentialHeaders(ledger.url, ['reservation:write'])), 'content-type': 'application/json' };
      const random = seededRandom(11);
      const units = () => 1 + Math.floor(random() * 3);
      const phases: Phase[] = [
        { name: 'one key', ratePerSecond: options.reservationOneKeyRate, path: '/v1/reservations', body: () => ({ units: 1, body: { channel: 'web', lines: [{ ...hotKey, quantity: 1 }] } }) },
        {
          name: 'many keys',
          ratePerSecond: options.reservationManyKeysRate,
          path: '/v1/reservations',
          body: () => {
            const quantity = units();
            return { units: quantity, body: { channel: 'web', lines: [{ ...universe.key(1 + Math.floor(random() * (stockedKeys - 1))), quantity }] } };
          },
        },
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
      flow.start(options.reservationMovementRate);
      for (const phase of phases) {
        progress.step(`reservations: ${phase.name}, offering ${phase.ratePerSecond.toLocaleString('en-US')}/s for ${options.reservationSeconds} s`);
        const cpuBefore = await ledger.cpuSeconds();
        const result = await offerAtRate<Outcome>({ ratePerSecond: phase.ratePerSecond, seconds: options.reservationSeconds }, async (index) => {
          const request = phase.body(index);
          const response = await fetch(`${ledger.url}${phase.path}`, {
            method: 'POST',
            headers: { ...headers, 'idempotency-key': `${runId}-${phase.name.replace(/ /g, '-')}-${index}` },
            body: JSON.stringify(request.body),
          });
          const answer = (await response.json()) as { code?: string; granted?: number };
          if (response.status === 201) {
            grantedUnits += answer.granted ?? request.units;
            return 'granted';
          }
          if (response.status === 409 && answer.code === 'RESERVATION.INSUFFICIENT_AVAILABLE') return 'refused';
          throw new Error(`${phase.path} answered ${response.status}: ${JSON.stringify(answer)}`);
        });
        figures.push(...phaseFigures(phase.name, result, (await ledger.cpuSeconds()) - cpuBefore));
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
      await running?.stop();
    }
  });
}

function phaseFigures(name: string, result: OpenLoopResult<Outcome>, ledgerCpuSeconds: number): Figure[] {
  const { latencyMs, outcomes } = result;
  const answered = result.sent - outcomes.error;
  const cpuPerDecision = ledgerCpuSeconds / answered;
  return [
    { measure: `${name}: offered`, value: result.offeredPerSecond, unit: '/s', note: `${result.sent.toLocaleString('en-US')} sent${result.notSent === 0 ? '' : `, ${result.notSent.toLocaleString('en-US')} not sent (256 in flight)`}` },
    { measure: `${name}: achieved`, value: result.answeredPerSecond, unit: '/s', note: `answered over ${result.seconds.toFixed(1)} s` },
    { measure: `${name}: latency p50`, value: latencyMs.p50, unit: 'ms' },
    { measure: `${name}: latency p99`, value: latencyMs.p99, unit: 'ms' },
    { measure: `${name}: latency max`, value: latencyMs.max, unit: 'ms' },
    { measure: `${name}: granted`, value: outcomes.granted ?? 0, unit: 'requests', note: `${(outcomes.refused ?? 0).toLocaleString('en-US')} refused (409 insufficient), ${outcomes.error.toLocaleString('en-US')} errors${result.firstError === undefined ? '' : `, the first: ${result.firstError.slice(0, 300)}`}` },
    {
      measure: `${name}: ledger CPU per decision`,
      value: cpuPerDecision * 1e6,
      unit: 'µs',
      note: `user + system of the ledger process over the phase (applying the movements meanwhile included) per request answered; ${(cpuPerDecision * result.offeredPerSecond).toFixed(2)} cores at ${result.offeredPerSecond.toLocaleString('en-US')}/s`,
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
