// The throughput targets set for this machine, and the figures derived from a run that say how far
// it is from them: the ledger's rate as a share of the raw limits, and how many cores the targets'
// work would need, both at the raw limits' cost per unit (the floor for any design on this
// machine with this broker client and database) and at the cost per unit the services measured
// in the same run.
import type { Figure } from './bench-report';

export const TARGETS = {
  ledgerMovementsPerSecond: 30_000,
  endToEndLinesPerSecond: 20_000,
  /** Per cent of the lowest raw limit the ledger should reach. */
  shareOfLowestLimit: 50,
} as const;

const KAFKA_PRODUCE = 'kafka produce';
const KAFKA_CONSUME = 'kafka consume';
const POSTGRES_RATE_UNIT = 'rows/s';
/** The limits' rates; their other figures are costs per unit and the floors derived from them. */
const RATE_UNITS = new Set(['msg/s', POSTGRES_RATE_UNIT]);
const MACHINE_CPU = ': machine CPU per ';

/**
 * The ledger's rate as a share of each raw limit, and of the lowest one. PostgreSQL's limit is
 * the faster of the ways it was measured to append rows: the ledger may use either.
 */
export function ratiosToLimits(applied: number, limits: readonly Figure[]): Figure[] {
  const rates = limits.filter((limit) => RATE_UNITS.has(limit.unit) && Number.isFinite(limit.value));
  if (rates.length === 0) return [];
  const ratios = rates.map((limit) => ({
    measure: `share of ${limit.measure}`,
    value: (100 * applied) / limit.value,
    unit: '%',
    note: `${Math.round(applied).toLocaleString('en-US')} / ${Math.round(limit.value).toLocaleString('en-US')}`,
  }));
  const postgres = rates.filter((limit) => limit.unit === POSTGRES_RATE_UNIT);
  const bestPostgres = postgres.length > 0 ? [Math.max(...postgres.map((limit) => limit.value))] : [];
  const lowest = Math.min(...rates.filter((limit) => limit.unit !== POSTGRES_RATE_UNIT).map((limit) => limit.value), ...bestPostgres);
  return [
    ...ratios,
    {
      measure: 'share of the lowest raw limit',
      value: (100 * applied) / lowest,
      unit: '%',
      note: `target >= ${TARGETS.shareOfLowestLimit} %; PostgreSQL at the faster of its append paths`,
    },
  ];
}

/**
 * Cores the targets' unavoidable work alone would keep busy, at what each unit cost the whole
 * machine in the limits: a movement is consumed, written as a row (the cheaper PostgreSQL path)
 * and announced by one event; a POS line is produced as a movement and consumed by the ledger,
 * written, and its stock-changed event produced and consumed by the ERP. No parsing, rules,
 * HTTP or idempotency is counted, so a real service needs more.
 */
export function rawWorkFloors(limits: readonly Figure[], cores: number): Figure[] {
  const cost = (measure: string) => limits.find((limit) => limit.measure === measure)?.value;
  const produce = cost(`${KAFKA_PRODUCE}${MACHINE_CPU}message`);
  const consume = cost(`${KAFKA_CONSUME}${MACHINE_CPU}message`);
  const rowCosts = limits.filter((limit) => limit.measure.endsWith(`${MACHINE_CPU}row`) && Number.isFinite(limit.value)).map((limit) => limit.value);
  if (produce === undefined || consume === undefined || rowCosts.length === 0) return [];
  const row = Math.min(...rowCosts);
  const perMovement = consume + row + produce;
  const perLine = 2 * produce + 2 * consume + row;
  // What each unit may cost beyond that if the machine is to keep up at the target at all.
  const left = (rate: number, floor: number) => Math.max(0, (cores * 1e6) / rate - floor).toFixed(1);
  return [
    {
      measure: `raw work of ${TARGETS.ledgerMovementsPerSecond.toLocaleString('en-US')} movements/s`,
      value: (TARGETS.ledgerMovementsPerSecond * perMovement) / 1e6,
      unit: 'cores',
      note:
        `the ledger target; ${perMovement.toFixed(1)} µs a movement: consumed, one row written, one event produced, nothing else; ` +
        `this machine has ${cores}, leaving ${left(TARGETS.ledgerMovementsPerSecond, perMovement)} µs a movement for all the rest`,
    },
    {
      measure: `raw work of ${TARGETS.endToEndLinesPerSecond.toLocaleString('en-US')} POS lines/s`,
      value: (TARGETS.endToEndLinesPerSecond * perLine) / 1e6,
      unit: 'cores',
      note:
        `the end-to-end target; ${perLine.toFixed(1)} µs a line: its movement and its stock-changed event each produced and consumed, one row written, nothing else; ` +
        `this machine has ${cores}, leaving ${left(TARGETS.endToEndLinesPerSecond, perLine)} µs a line for all the rest`,
    },
  ];
}

/** Cores the ledger target would take at the ledger's and PostgreSQL's CPU per movement measured in the run. */
export function ledgerTargetAtMeasuredCost(ledger: readonly Figure[], cores: number): Figure[] {
  const ledgerCpu = ledger.find((figure) => figure.measure === 'ledger CPU per movement')?.value;
  const postgresCpu = ledger.find((figure) => figure.measure === 'PostgreSQL CPU per movement')?.value;
  if (ledgerCpu === undefined || postgresCpu === undefined) return [];
  return [
    {
      measure: `cores for ${TARGETS.ledgerMovementsPerSecond.toLocaleString('en-US')} movements/s at this cost`,
      value: (TARGETS.ledgerMovementsPerSecond * (ledgerCpu + postgresCpu)) / 1e6,
      unit: 'cores',
      note: `the ledger's and PostgreSQL's CPU per movement above, the broker not counted; this machine has ${cores}`,
    },
  ];
}

/**
 * Cores the end-to-end target would take at the CPU per line (every service and PostgreSQL) of
 * the highest offered load measured; the broker, the POS clients and the ERP not counted.
 */
export function endToEndTargetAtMeasuredCost(endToEnd: readonly Figure[], cores: number): Figure[] {
  const perLine = new Map<string, number>();
  for (const figure of endToEnd) {
    const match = /^([\d,]+) lines\/s offered: .+ CPU per line$/.exec(figure.measure);
    if (match?.[1] === undefined || !Number.isFinite(figure.value)) continue;
    perLine.set(match[1], (perLine.get(match[1]) ?? 0) + figure.value);
  }
  const highest = [...perLine.keys()].sort((a, b) => Number(b.replaceAll(',', '')) - Number(a.replaceAll(',', '')))[0];
  if (highest === undefined) return [];
  const cost = perLine.get(highest) ?? Number.NaN;
  return [
    {
      measure: `cores for ${TARGETS.endToEndLinesPerSecond.toLocaleString('en-US')} lines/s at the cost of ${highest} offered`,
      value: (TARGETS.endToEndLinesPerSecond * cost) / 1e6,
      unit: 'cores',
      note: `${cost.toFixed(0)} µs a line in the services and PostgreSQL there, the broker, the POS clients and the ERP not counted; this machine has ${cores}`,
    },
  ];
}
