import type { Figure } from './bench-report';
import { endToEndTargetAtMeasuredCost, ledgerTargetAtMeasuredCost, rawWorkFloors, ratiosToLimits } from './targets';

const limits: Figure[] = [
  { measure: 'kafka produce', value: 100_000, unit: 'msg/s' },
  { measure: 'kafka consume', value: 200_000, unit: 'msg/s' },
  { measure: 'kafka produce: machine CPU per message', value: 15, unit: 'µs' },
  { measure: 'kafka consume: machine CPU per message', value: 5, unit: 'µs' },
  { measure: 'postgres insert+upsert', value: 30_000, unit: 'rows/s' },
  { measure: 'postgres insert+upsert: machine CPU per row', value: 60, unit: 'µs' },
  { measure: 'postgres copy+upsert', value: 40_000, unit: 'rows/s' },
  { measure: 'postgres copy+upsert: machine CPU per row', value: 45, unit: 'µs' },
];

const value = (figures: Figure[], measure: string) => figures.find((figure) => figure.measure === measure)?.value;

describe('the ledger against the raw limits', () => {
  it('is a share of every rate, and of the lowest with PostgreSQL at its faster append path', () => {
    const ratios = ratiosToLimits(10_000, limits);
    expect(ratios.map((ratio) => ratio.measure)).toEqual([
      'share of kafka produce',
      'share of kafka consume',
      'share of postgres insert+upsert',
      'share of postgres copy+upsert',
      'share of the lowest raw limit',
    ]);
    expect(value(ratios, 'share of postgres insert+upsert')).toBeCloseTo(33.33);
    // The slower unnest path does not make the limit lower: COPY's 40,000 rows/s is PostgreSQL's.
    expect(value(ratios, 'share of the lowest raw limit')).toBe(25);
  });

  it('compares with the rates only, not with the costs per unit nor the floors derived from them', () => {
    const ratios = ratiosToLimits(10_000, [...limits, ...rawWorkFloors(limits, 2)]);
    expect(ratios).toHaveLength(5);
    expect(value(ratios, 'share of the lowest raw limit')).toBe(25);
  });

  it('takes a Kafka rate as the lowest when it is below PostgreSQL', () => {
    const slowBroker = limits.map((limit) => (limit.measure === 'kafka produce' ? { ...limit, value: 20_000 } : limit));
    expect(value(ratiosToLimits(10_000, slowBroker), 'share of the lowest raw limit')).toBe(50);
  });

  it('says nothing without limits', () => {
    expect(ratiosToLimits(10_000, [])).toEqual([]);
  });
});

describe('the floor of the targets', () => {
  it('prices each movement and each line at the raw cost per unit, rows at the cheaper path', () => {
    const floors = rawWorkFloors(limits, 2);
    // A movement: 5 consumed + 45 written + 15 produced = 65 µs, times 30,000 a second.
    expect(value(floors, 'raw work of 30,000 movements/s')).toBeCloseTo(1.95);
    // A line: 2 x 15 produced + 2 x 5 consumed + 45 written = 85 µs, times 20,000 a second.
    expect(value(floors, 'raw work of 20,000 POS lines/s')).toBeCloseTo(1.7);
    expect(floors.every((floor) => floor.unit === 'cores')).toBe(true);
    // Two cores give 66.7 µs a movement at 30,000/s and 100 µs a line at 20,000/s.
    expect(floors.map((floor) => /leaving ([\d.]+) µs/.exec(floor.note ?? '')?.[1])).toEqual(['1.7', '15.0']);
  });

  it('needs both Kafka costs and a row cost', () => {
    expect(rawWorkFloors(limits.filter((limit) => !limit.measure.startsWith('kafka consume')), 2)).toEqual([]);
    expect(rawWorkFloors(limits.filter((limit) => !limit.measure.endsWith('per row')), 2)).toEqual([]);
  });
});

describe('the targets at the cost measured', () => {
  it('prices the ledger target at the ledger and PostgreSQL CPU per movement', () => {
    const ledger: Figure[] = [
      { measure: 'ledger CPU per movement', value: 80, unit: 'µs' },
      { measure: 'PostgreSQL CPU per movement', value: 40, unit: 'µs' },
    ];
    expect(value(ledgerTargetAtMeasuredCost(ledger, 2), 'cores for 30,000 movements/s at this cost')).toBeCloseTo(3.6);
    expect(ledgerTargetAtMeasuredCost(ledger.slice(0, 1), 2)).toEqual([]);
  });

  it('prices the end-to-end target at the highest offered load, every process of it summed', () => {
    const endToEnd: Figure[] = [
      { measure: '1,000 lines/s offered: inventory-ledger CPU per line', value: 200, unit: 'µs' },
      { measure: '1,000 lines/s offered: PostgreSQL CPU per line', value: 200, unit: 'µs' },
      { measure: '5,000 lines/s offered: inventory-ledger CPU per line', value: 100, unit: 'µs' },
      { measure: '5,000 lines/s offered: pos-ingestion CPU per line', value: 60, unit: 'µs' },
      { measure: '5,000 lines/s offered: PostgreSQL CPU per line', value: 90, unit: 'µs' },
      { measure: '5,000 lines/s offered: latency p99', value: 250, unit: 'ms' },
      { measure: 'saturation: inventory-ledger CPU per line', value: 1, unit: 'µs' },
    ];
    const [figure] = endToEndTargetAtMeasuredCost(endToEnd, 2);
    expect(figure?.measure).toBe('cores for 20,000 lines/s at the cost of 5,000 offered');
    expect(figure?.value).toBeCloseTo(5);
    expect(endToEndTargetAtMeasuredCost(endToEnd.slice(-2), 2)).toEqual([]);
  });
});
