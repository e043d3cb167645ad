// The movement-partitions command's arguments and what each answers (cli/movement-partitions.ts).
import type { DataSource } from 'typeorm';
import { MovementPartitionsSql } from './movement-partitions-sql';

export const USAGE = `usage: movement-partitions <command>
  list                          attached partitions: bounds and estimated rows
  ensure                        create the missing partitions of this month and the months ahead
  detach --before <YYYY-MM-DD>  carry forward the totals of every partition wholly before that day (UTC) and detach it
  archived                      the periods detached so far: bounds, movements, when and by whom`;

export type PartitionCommand = { name: 'list' } | { name: 'ensure' } | { name: 'archived' } | { name: 'detach'; before: Date };

export function parsePartitionCommand(argv: readonly string[]): { ok: true; command: PartitionCommand } | { ok: false; message: string } {
  const [name, ...rest] = argv;
  if ((name === 'list' || name === 'ensure' || name === 'archived') && rest.length === 0) return { ok: true, command: { name } };
  const [flag, day = ''] = rest;
  if (name === 'detach' && rest.length === 2 && flag === '--before' && /^\d{4}-\d{2}-\d{2}$/.test(day)) {
    const before = new Date(`${day}T00:00:00Z`);
    if (!Number.isNaN(before.getTime())) return { ok: true, command: { name, before } };
  }
  return { ok: false, message: USAGE };
}

export async function runPartitionCommand(command: PartitionCommand, dataSource: DataSource, schema: string, monthsAhead: number): Promise<unknown> {
  const sql = new MovementPartitionsSql(schema);
  const run = <T>(statement: string, parameters?: unknown[]) => dataSource.query(statement, parameters) as Promise<T>;
  switch (command.name) {
    case 'list':
      return sql.list(run);
    case 'ensure':
      return sql.ensureAhead(run, monthsAhead);
    case 'archived':
      return run(`SELECT * FROM "${schema}".movement_archived_period ORDER BY range_to`);
    case 'detach':
      return sql.detachBefore(dataSource, command.before);
  }
}
