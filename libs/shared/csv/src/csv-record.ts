// One CSV record (RFC 4180) from typed cells, safe to open in a spreadsheet.
//
// Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula (and some treat a
// leading tab or carriage return the same way once trimmed), so text from the ledger such as a
// SKU or a note `=cmd|' /C calc'!A0` could execute on an operator's machine. Each column is
// therefore declared as text or number:
// - a text cell that starts with one of those characters gets a single quote in front of it
//   (`'=cmd...`), which spreadsheets show as text and never evaluate; every other text is as is;
// - a number cell is written bare and must be a number (a decimal string such as `-12.3400`, a
//   finite number or a bigint), so a negative quantity stays a number a spreadsheet can add up.
//   Anything else in a number column is refused (CsvError), never written as text.
// Fields holding a comma, a double quote, CR or LF are quoted, quotes doubled; records end in CRLF.
import { CsvError } from './csv-error';

export type CsvCellValue = string | number | bigint | null | undefined;

export interface CsvColumn<Row> {
  header: string;
  kind: 'text' | 'number';
  value: (row: Row) => CsvCellValue;
}

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);
const DECIMAL = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The header record: the headers as text cells. */
export function csvHeader(columns: ReadonlyArray<CsvColumn<never>>): string {
  return joinRecord(columns.map((column) => textCell(column.header)));
}

/** One record of `row`, each column written by its kind. */
export function csvRecord<Row>(columns: ReadonlyArray<CsvColumn<Row>>, row: Row): string {
  return joinRecord(columns.map((column) => (column.kind === 'number' ? numberCell(column.value(row), column.header) : textCell(column.value(row)))));
}

/** Text as a spreadsheet shows it and never evaluates: a leading formula character is quote-prefixed. */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

function textCell(value: CsvCellValue): string {
  if (value === null || value === undefined) return '';
  return quoteField(neutraliseFormula(String(value)));
}

function numberCell(value: CsvCellValue, header: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isFinite(value) && DECIMAL.test(String(value))) return String(value);
  if (typeof value === 'string' && DECIMAL.test(value)) return value;
  throw new CsvError('CSV.NOT_A_NUMBER', `column ${header}: ${JSON.stringify(String(value))} is not a number`);
}

function quoteField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function joinRecord(fields: string[]): string {
  return `${fields.join(',')}\r\n`;
}
