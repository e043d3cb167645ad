import { parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('runs every scenario at full size by default', () => {
    const options = parseBenchOptions([], {});
    expect(options.only).toEqual(['limits', 'ledger', 'end-to-end', 'forecasting', 'history', 'reservations']);
    expect(options.ledgerMovements).toBe(300_000);
    expect(options).toMatchObject({ historySource: 'both', historyMovements: 10_000_000, historyKeys: 250_000, historyIdleSeconds: 60, historyCountItems: 5_000 });
    expect(options.endToEndLoads).toEqual([1_000, 5_000]);
    expect(options).toMatchObject({ reservationOneKeySteps: [500, 1_000], reservationManyKeysSteps: [500, 1_000, 5_000], reservationStepSeconds: 10 });
    expect(options).toMatchObject({ historyLoad: 'bulk', keepDatabase: false });
  });

  it('shrinks every scenario in quick mode, from the flag or the environment', () => {
    expect(parseBenchOptions(['--quick'], {}).ledgerMovements).toBeLessThan(50_000);
    expect(parseBenchOptions([], { BENCH_QUICK: '1' }).quick).toBe(true);
    expect(parseBenchOptions(['--quick'], {})).toMatchObject({ historySource: 'online-retail', historyRetailInvoices: 300, historyLoad: 'topic' });
  });

  it('lets a flag win over the environment, which wins over the defaults', () => {
    expect(parseBenchOptions(['--ledger-movements', '500_000'], { BENCH_LEDGER_MOVEMENTS: '1000' }).ledgerMovements).toBe(500_000);
    expect(parseBenchOptions(['--quick'], { BENCH_LEDGER_MOVEMENTS: '1000' }).ledgerMovements).toBe(1_000);
    expect(parseBenchOptions(['--e2e-loads=2000,8000', '--only', 'ledger,limits'], {})).toMatchObject({
      endToEndLoads: [2_000, 8_000],
      only: ['limits', 'ledger'],
    });
    expect(parseBenchOptions(['--history-source=generated'], { BENCH_HISTORY_SOURCE: 'both', BENCH_HISTORY_FILE: '/data/retail.csv.gz' })).toMatchObject({
      historySource: 'generated',
      historyFile: '/data/retail.csv.gz',
    });
    expect(parseBenchOptions(['--reservation-many-keys-steps', '2000,4000'], { BENCH_RESERVATION_ONE_KEY_STEPS: '300', BENCH_QUICK: '1' })).toMatchObject({
      reservationOneKeySteps: [300],
      reservationManyKeysSteps: [2_000, 4_000],
      reservationStepSeconds: 2,
    });
    expect(parseBenchOptions(['--history-load', 'topic', '--keep-database'], { BENCH_HISTORY_LOAD: 'bulk' })).toMatchObject({ historyLoad: 'topic', keepDatabase: true });
    expect(parseBenchOptions(['--quick'], { BENCH_HISTORY_LOAD: 'bulk', BENCH_KEEP_DATABASE: '1' })).toMatchObject({ historyLoad: 'bulk', keepDatabase: true });
    expect(parseBenchOptions(['--pg-statements', '--only', 'ledger'], {})).toMatchObject({ pgStatements: true, only: ['ledger'] });
    expect(parseBenchOptions([], { BENCH_PG_STATEMENTS: '1' })).toMatchObject({ pgStatements: true });
    expect(parseBenchOptions([], {})).toMatchObject({ pgStatements: false });
  });

  it('names the option and the reason when a value is wrong', () => {
    expect(() => parseBenchOptions(['--repeat', '0'], {})).toThrow(/--repeat \/ BENCH_REPEAT must be a positive integer/);
    expect(() => parseBenchOptions(['--only', 'speed'], {})).toThrow(/unknown scenario "speed"/);
    expect(() => parseBenchOptions(['--history-source', 'csv'], {})).toThrow(/--history-source \/ BENCH_HISTORY_SOURCE: unknown source "csv"/);
    expect(() => parseBenchOptions(['--history-load', 'copy'], {})).toThrow(/--history-load \/ BENCH_HISTORY_LOAD: unknown way "copy"/);
    expect(() => parseBenchOptions(['--fast'], {})).toThrow(/--fast needs a value/);
    expect(() => parseBenchOptions(['--fast', '1'], {})).toThrow(/unknown option --fast/);
  });

  it('opens the idle window at once unless told to let the services settle first, and profiles it only when asked', () => {
    expect(parseBenchOptions([], {})).toMatchObject({ historyIdleSettleSeconds: 0, idleCpuProfileDir: undefined });
    expect(parseBenchOptions(['--history-idle-settle-seconds', '90', '--idle-cpu-prof', '/tmp/p'], {})).toMatchObject({ historyIdleSettleSeconds: 90, idleCpuProfileDir: '/tmp/p' });
    expect(parseBenchOptions([], { BENCH_HISTORY_IDLE_SETTLE_SECONDS: '0' }).historyIdleSettleSeconds).toBe(0);
    expect(() => parseBenchOptions(['--history-idle-settle-seconds', '-5'], {})).toThrow(/--history-idle-settle-seconds needs a value|must be a positive integer/);
  });
});
