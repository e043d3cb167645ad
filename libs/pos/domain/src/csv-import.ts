// Bulk files of store operations: opening stock (a receipt per SKU, with its unit cost) and count
// sheets (a count per SKU), one CSV line each. Pure: the caller streams the file, splits it into
// lines and hands each here; this says what a line means or names its column and reason.
//
// The CSV dialect: comma-separated, the first line a header naming exactly the columns below in
// that order, fields optionally in double quotes (a quote inside doubled), no line breaks inside a
// field, a trailing CR tolerated, blank lines skipped.
import { inventoryMovementV1Schema, validateContract, type InventoryMovementV1 } from '@ledgerline/contracts';

export const CSV_IMPORT_KINDS = {
  'opening-stock': ['sku', 'quantity', 'unitCost'],
  'count-sheet': ['sku', 'countedQuantity'],
} as const;

export type CsvImportKind = keyof typeof CSV_IMPORT_KINDS;

/** What every line of one upload shares. */
export interface CsvImportTarget {
  kind: CsvImportKind;
  /** Names the upload; with the SKU it makes each line's movement id, so a re-upload is a duplicate. */
  importId: string;
  locationId: string;
  occurredAt: string;
  system: 'erp' | 'wms' | 'ops';
}

export interface CsvLineError {
  line: number;
  column: string | null;
  code: string;
  message: string;
}

/** The fields of one line, or why it is not a CSV line. */
export function splitCsvLine(text: string): string[] | { error: string } {
  const line = text.endsWith('\r') ? text.slice(0, -1) : text;
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let value = '';
      let index = at + 1;
      for (;;) {
        const quote = line.indexOf('"', index);
        if (quote < 0) return { error: 'a quoted field is not closed' };
        value += line.slice(index, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          index = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      fields.push(value);
      if (at === line.length) return fields;
      if (line[at] !== ',') return { error: 'a quoted field is followed by something other than a comma' };
      at++;
    } else {
      const comma = line.indexOf(',', at);
      fields.push(line.slice(at, comma < 0 ? line.length : comma));
      if (comma < 0) return fields;
      at = comma + 1;
    }
  }
}

/** Null when the header is the kind's; otherwise what is wrong with it. */
export function checkCsvHeader(kind: CsvImportKind, headerLine: string): string | null {
  const expected = CSV_IMPORT_KINDS[kind];
  const fields = splitCsvLine(headerLine.replace(/^\uFEFF/, ''));
  const got = Array.isArray(fields) ? fields.map((field) => field.trim()) : [];
  if (got.length === expected.length && got.every((name, index) => name === expected[index])) return null;
  return `the header must be exactly "${expected.join(',')}", it is "${headerLine.slice(0, 200)}"`;
}

/** The movement of one data line (line numbers count from 1, the header being line 1), or its errors. */
export function csvLineMovement(target: CsvImportTarget, lineNumber: number, text: string): InventoryMovementV1 | CsvLineError[] {
  const columns = CSV_IMPORT_KINDS[target.kind];
  const fields = splitCsvLine(text);
  if (!Array.isArray(fields)) return [{ line: lineNumber, column: null, code: 'CSV.MALFORMED_LINE', message: fields.error }];
  if (fields.length !== columns.length) {
    return [{ line: lineNumber, column: null, code: 'CSV.WRONG_FIELD_COUNT', message: `has ${fields.length} fields, the header ${columns.length}` }];
  }
  const value = Object.fromEntries(columns.map((column, index) => [column, fields[index]!.trim()])) as Record<string, string>;
  const integers = columns.filter((column) => column === 'quantity' || column === 'countedQuantity');
  const notIntegers = integers.filter((column) => !/^-?\d{1,16}$/.test(value[column]!));
  if (notIntegers.length > 0) {
    return notIntegers.map((column) => ({ line: lineNumber, column, code: 'CSV.INVALID_VALUE', message: `${column} must be a whole number, it is "${value[column]!.slice(0, 40)}"` }));
  }
  const movement = movementOf(target, value);
  const checked = validateContract(inventoryMovementV1Schema, movement);
  if (checked.ok) return checked.value;
  return checked.errors.map((error) => {
    const column = columns.find((name) => error.path === name || (name === 'sku' && error.path === 'movementId')) ?? null;
    return { line: lineNumber, column, code: 'CSV.INVALID_VALUE', message: error.message };
  });
}

function movementOf(target: CsvImportTarget, value: Record<string, string>): unknown {
  const source = { system: target.system, documentId: target.importId };
  const sku = value['sku']!;
  if (target.kind === 'opening-stock') {
    return { movementId: `opening:${target.importId}:${sku}`, kind: 'receipt', sku, locationId: target.locationId, quantity: Number(value['quantity']), occurredAt: target.occurredAt, source, unitCost: value['unitCost'] };
  }
  return { movementId: `count:${target.importId}:${sku}`, kind: 'count', sku, locationId: target.locationId, occurredAt: target.occurredAt, source, countId: target.importId, countedQuantity: Number(value['countedQuantity']) };
}
