import { summariseStatementLog } from './statement-log';

const LOG = [
  '2026-11-24 20:33:01.100 UTC [101] postgres@bench_db LOG:  duration: 12.500 ms  execute <unnamed>: INSERT INTO "inventory_ledger".outbox (event_id)',
  '\t  SELECT 1',
  '2026-11-24 20:33:01.200 UTC [101] postgres@bench_db LOG:  duration: 0.500 ms  parse <unnamed>: INSERT INTO "inventory_ledger".outbox (event_id) SELECT 1',
  '2026-11-24 20:33:01.300 UTC [101] postgres@bench_db LOG:  duration: 7.500 ms  execute <unnamed>: INSERT INTO "inventory_ledger".outbox (event_id)',
  '\t  SELECT 1',
  '2026-11-24 20:33:01.400 UTC [102] postgres@other_db LOG:  duration: 99.000 ms  statement: COMMIT',
  '2026-11-24 20:33:01.500 UTC [101] postgres@bench_db LOG:  duration: 1.000 ms  statement: COMMIT',
].join('\n');

describe('summariseStatementLog', () => {
  it('sums the durations of one database by statement, across lines, parse and execute', () => {
    expect(summariseStatementLog(LOG, 'bench_db')).toEqual([
      { statement: 'INSERT INTO outbox (event_id) SELECT 1', calls: 2, totalMs: 20.5, meanMs: 10.25 },
      { statement: 'COMMIT', calls: 1, totalMs: 1, meanMs: 1 },
    ]);
  });
});
