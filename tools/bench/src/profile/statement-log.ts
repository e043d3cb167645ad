// A statement profile of one database without pg_stat_statements (which needs a server restart):
// PostgreSQL logs the duration of every statement run in that database, and the bench sums the
// log lines by statement text. Works when the server's log file is readable on this machine.
//
//   npm run bench -- --only ledger --postgres-log /var/log/postgresql/postgresql-15-main.log
import { open, stat } from 'node:fs/promises';
import { Client } from 'pg';

export interface StatementShare {
  statement: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  /** Of totalMs, the time spent planning, where the source tells it apart (pg_stat_statements). */
  planMs?: number;
}

export class StatementLog {
  private constructor(
    private readonly logFile: string,
    private readonly databaseName: string,
    private readonly startOffset: number,
  ) {}

  /** Turns on duration logging for every later session of the database. */
  static async enable(logFile: string, serverUrl: string, databaseName: string): Promise<StatementLog> {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(`ALTER DATABASE "${databaseName}" SET log_min_duration_statement = 0`);
    } finally {
      await client.end();
    }
    return new StatementLog(logFile, databaseName, (await stat(logFile)).size);
  }

  async summary(top = 15): Promise<StatementShare[]> {
    const handle = await open(this.logFile, 'r');
    let text: string;
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(size - this.startOffset);
      await handle.read(buffer, 0, buffer.length, this.startOffset);
      text = buffer.toString('utf8');
    } finally {
      await handle.close();
    }
    return summariseStatementLog(text, this.databaseName, top);
  }
}

const DURATION_LINE = /^\S+ \S+ \S+ \[\d+\] [^@\s]*@(\S+) LOG:\s+duration: ([\d.]+) ms\s+(?:(parse|bind|execute) [^:]*|statement): ?(.*)$/;

/** One line per statement: total time, calls, mean time per call, the statement's start. */
export function formatStatements(statements: StatementShare[]): string {
  return statements
    .map(
      (s) =>
        `${s.totalMs.toFixed(0).padStart(8)} ms ${String(s.calls).padStart(6)} calls ${s.meanMs.toFixed(2).padStart(8)} ms/call` +
        `${s.planMs === undefined ? '' : ` ${s.planMs.toFixed(0).padStart(6)} ms planning`}  ${s.statement}`,
    )
    .join('\n');
}

export function summariseStatementLog(text: string, databaseName: string, top = 15): StatementShare[] {
  const byStatement = new Map<string, { calls: number; totalMs: number }>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const match = DURATION_LINE.exec(lines[index] ?? '');
    if (!match || match[1] !== databaseName) continue;
    let statement = match[4] ?? '';
    // A statement spanning lines continues on lines that do not start with a timestamp.
    while (index + 1 < lines.length && !/^\d{4}-\d{2}-\d{2} /.test(lines[index + 1] ?? '')) statement += ` ${lines[++index]}`;
    const key = statement.replace(/\s+/g, ' ').replace(/"[a-z_]+"\./g, '').trim().slice(0, 90);
    const entry = byStatement.get(key) ?? { calls: 0, totalMs: 0 };
    if (match[3] === undefined || match[3] === 'execute') entry.calls++;
    entry.totalMs += Number(match[2]);
    byStatement.set(key, entry);
  }
  return [...byStatement]
    .map(([statement, { calls, totalMs }]) => ({ statement, calls, totalMs, meanMs: calls > 0 ? totalMs / calls : totalMs }))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, top);
}
