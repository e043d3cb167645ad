import { statementShares, statementTotals } from './statement-stats';

describe('statementShares', () => {
  it('adds planning to execution, orders by total time, shortens the text as the log summary does', () => {
    const rows = [
      { query: 'COMMIT', calls: '40', exec_ms: 2, plan_ms: 0 },
      { query: 'WITH v AS (\n  SELECT * FROM "inventory_ledger".stock_balance)', calls: '4', exec_ms: 30, plan_ms: 10 },
      { query: 'SELECT 1', calls: '0', exec_ms: 0, plan_ms: 5 },
    ];
    expect(statementShares(rows, 2)).toEqual([
      { statement: 'WITH v AS ( SELECT * FROM stock_balance)', calls: 4, totalMs: 40, meanMs: 10, planMs: 10 },
      { statement: 'SELECT 1', calls: 0, totalMs: 5, meanMs: 5, planMs: 5 },
    ]);
  });

  it('sums every statement, those below the top included, planning apart', () => {
    const rows = [
      { query: 'COMMIT', calls: '40', exec_ms: 2, plan_ms: 0 },
      { query: 'SELECT 1', calls: '3', exec_ms: 1.5, plan_ms: 4.5 },
    ];
    expect(statementTotals(rows)).toEqual({ calls: 43, execMs: 3.5, planMs: 4.5 });
  });
});
