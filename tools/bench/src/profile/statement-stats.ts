// A statement profile of one database from pg_stat_statements, where the server loads it
// (shared_preload_libraries; `pg_stat_statements.track_planning = on` adds planning time): the
// scenario's database's entries are reset when it starts and read when it ends, so other work on
// the same server (tests, another database) is left out. Execution time includes the waits inside
// the server (locks, I/O, a core), planning time does not.
//
//   npm run bench -- --only end-to-end --pg-statements
import { Client } from 'pg';
import { formatStatements, type StatementShare } from './statement-log';

interface StatRow {
  query: string;
  calls: string;
  exec_ms: number;
  plan_ms: number;
}

export class StatementStats {
  private constructor(
    private readonly databaseUrl: string,
    private readonly databaseName: string,
  ) {}

  /** Resets the database's entries, or says why the server cannot give them. */
  static async enable(databaseUrl: string, databaseName: string): Promise<StatementStats | string> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = $1), 0)', [databaseName]);
      return new StatementStats(databaseUrl, databaseName);
    } catch (error) {
      return `pg_stat_statements is not available: ${(error as Error).message}`;
    } finally {
      await client.end();
    }
  }

  /** The database's statements by total time (execution and planning), the longest first, and the totals over all of them. */
  async summary(top = 25): Promise<{ statements: StatementShare[]; totals: StatementTotals }> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<StatRow>(
        `SELECT query, calls, total_exec_time AS exec_ms, total_plan_time AS plan_ms FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)`,
        [this.databaseName],
      );
      return { statements: statementShares(rows, top), totals: statementTotals(rows) };
    } finally {
      await client.end();
    }
  }
}

/** Rows of pg_stat_statements as StatementShare, the statement's text shortened as the log summary does. */
export function statementShares(rows: readonly StatRow[], top: number): StatementShare[] {
  return rows
    .map((row) => {
      const calls = Number(row.calls);
      const totalMs = Number(row.exec_ms) + Number(row.plan_ms);
      const planMs = Number(row.plan_ms);
      return { statement: row.query.replace(/\s+/g, ' ').replace(/"[a-z_]+"\./g, '').trim().slice(0, 90), calls, totalMs, meanMs: calls > 0 ? totalMs / calls : totalMs, planMs };
    })
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, top);
}

export interface StatementTotals {
  calls: number;
  execMs: number;
  planMs: number;
}

/** Every statement of the database summed: planning is CPU alone, so its share is a cost no wait explains. */
export function statementTotals(rows: readonly StatRow[]): StatementTotals {
  return rows.reduce((totals, row) => ({ calls: totals.calls + Number(row.calls), execMs: totals.execMs + Number(row.exec_ms), planMs: totals.planMs + Number(row.plan_ms) }), { calls: 0, execMs: 0, planMs: 0 });
}

/** The progress line a scenario prints: its statements by total time, or why there are none. */
export async function statementStatsReport(stats: StatementStats | string, scenario: string, top = 25): Promise<string> {
  if (typeof stats === 'string') return `${scenario}: ${stats}`;
  const { statements, totals } = await stats.summary(top);
  const summed = `all ${totals.calls} statements: ${totals.execMs.toFixed(0)} ms execution, ${totals.planMs.toFixed(0)} ms planning`;
  return `${scenario}: statements by total time, execution and planning (pg_stat_statements); ${summed}\n${formatStatements(statements)}`;
}
