/**
 * Reads the car-parts benchmark: one row per part, one column per month. Empty cells are missing
 * observations, not zero demand: leading and trailing ones are trimmed away, and any inside the
 * series are kept as censored periods so that the methods skip them.
 */
import { readFile } from 'node:fs/promises';
import { parseCsv } from './csv-record.parser';

export interface MonthlyDemandSeries {
  readonly id: string;
  /** Column label of values[0], e.g. "Jan-98". */
  readonly firstMonth: string;
  readonly values: Float64Array;
  /** 1 where the cell was empty inside the series; null when none was. */
  readonly missing: Uint8Array | null;
}

export function parseCarparts(text: string): MonthlyDemandSeries[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined || header[0] !== 'Part') {
    throw new Error('DATA.UNEXPECTED_HEADER: carparts CSV must start with a "Part" column');
  }
  const months = header.slice(1);
  const result: MonthlyDemandSeries[] = [];
  for (const row of rows) {
    const cells = row.slice(1, months.length + 1);
    let first = 0;
    while (first < cells.length && cells[first].trim() === '') first++;
    let last = cells.length - 1;
    while (last >= first && cells[last].trim() === '') last--;
    if (last < first) continue;
    const values = new Float64Array(last - first + 1);
    let missing: Uint8Array | null = null;
    for (let i = first; i <= last; i++) {
      const cell = cells[i].trim();
      if (cell === '') {
        missing ??= new Uint8Array(values.length);
        missing[i - first] = 1;
        continue;
      }
      const value = Number(cell);
      if (!Number.isFinite(value)) throw new Error(`DATA.BAD_NUMBER: part ${row[0]}, ${months[i]}: "${cell}"`);
      values[i - first] = value;
    }
    result.push({ id: row[0], firstMonth: months[first], values, missing });
  }
  return result;
}

export async function readCarparts(csvPath: string): Promise<MonthlyDemandSeries[]> {
  return parseCarparts(await readFile(csvPath, 'utf8'));
}
