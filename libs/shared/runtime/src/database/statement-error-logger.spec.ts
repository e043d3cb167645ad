import { configureLogging } from '../logging/json-logger';
import { LOGGED_STATEMENT_CHARS, StatementErrorLogger, statementStart } from './statement-error-logger';

describe('StatementErrorLogger', () => {
  const lines: string[] = [];
  beforeAll(() => configureLogging({ service: 'test', sink: (line) => lines.push(line) }));

  it('logs a failed statement as one line with its start and SQLSTATE, and none of its parameters', () => {
    const rows = JSON.stringify(Array.from({ length: 5_000 }, (_, index) => ({ sku: `SKU-${index}`, customer: 'Jane Doe' })));
    const error = Object.assign(new Error('1 balance(s) changed by another transaction'), { code: 'P0001' });
    new StatementErrorLogger().logQueryError(error, `WITH v AS (\n      SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(sku text))\n UPDATE stock_balance b SET on_hand = v.on_hand FROM v`, [rows, 5_000]);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      level: 'warn',
      context: 'Database',
      msg: 'statement failed',
      error: '1 balance(s) changed by another transaction',
      sqlState: 'P0001',
      statement: 'WITH v AS ( SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(sku text)) UPDATE stock_balance b SET on_hand = v.on_hand FROM v',
      parameters: 2,
    });
    expect(lines[0]).not.toContain('Jane Doe');
    expect(lines[0]!.length).toBeLessThan(1_000);
  });

  it('cuts a long statement after a fixed number of characters', () => {
    const statement = statementStart(`SELECT ${'x, '.repeat(2_000)}1`);
    expect(statement).toHaveLength(LOGGED_STATEMENT_CHARS + 1);
    expect(statement.endsWith('…')).toBe(true);
  });
});
