// What the services log when a statement fails: one structured line with the error, its SQLSTATE,
// the start of the statement and how many parameters it had, never the parameters themselves.
// TypeORM's own console logger prints the whole statement with every parameter: a batch's write
// carries thousands of rows as JSON, so each failure (a version conflict the writer retries, a
// database refusing writes for a minute) wrote megabytes of text, customer data among it, and
// took the CPU to highlight them. The caller handles and reports the error itself; this line only
// says which statement met it.
import type { Logger as TypeOrmLogger } from 'typeorm';
import { JsonLogger } from '../logging/json-logger';
import { sqlStateOf } from './sql-state';

/** Enough of a statement to tell which one it was. */
export const LOGGED_STATEMENT_CHARS = 240;

export class StatementErrorLogger implements TypeOrmLogger {
  private readonly logger = new JsonLogger('Database');

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    this.logger.warn('statement failed', {
      error: error instanceof Error ? error.message : error,
      sqlState: sqlStateOf(error),
      statement: statementStart(query),
      parameters: parameters?.length ?? 0,
    });
  }

  // Statements that succeed, slow ones (PostgreSQL's log_min_duration_statement says more) and
  // schema builds (never run: migrations only) are not logged.
  logQuery(): void {
    return;
  }
  logQuerySlow(): void {
    return;
  }
  logSchemaBuild(): void {
    return;
  }
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(message);
  }
}

/** The statement's first characters, its whitespace runs folded to one space. */
export function statementStart(query: string): string {
  const folded = query.slice(0, LOGGED_STATEMENT_CHARS * 4).replace(/\s+/g, ' ').trim();
  return folded.length <= LOGGED_STATEMENT_CHARS ? folded : `${folded.slice(0, LOGGED_STATEMENT_CHARS)}…`;
}
