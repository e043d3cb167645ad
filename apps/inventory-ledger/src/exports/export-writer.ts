// Writes an export to the HTTP response while its pages are read: CSV (a header row, then one
// record per row, spreadsheet-safe through @ledgerline/csv), NDJSON (one JSON object per line)
// or one JSON array. Memory holds one page: the next page is read only once the socket took the
// last one (a write that returns false waits for 'drain'), and a client that goes away stops the
// reading. The status and headers are sent before the first row, so a failure part way cannot
// become an error answer: the response is destroyed without its last chunk, and the client sees
// a cut transfer (and, in JSON, a document that does not parse) rather than a short file that
// looks whole.
import type { ServerResponse } from 'node:http';
import { csvHeader, csvRecord, type CsvColumn } from '@ledgerline/csv';
import { JsonLogger } from '@ledgerline/runtime';
import { EXPORT_CONTENT_TYPES, type ExportFormat } from './export-format';

export interface ExportColumn<Row> extends CsvColumn<Row> {
  /** The name of the field in JSON; numbers stay the strings or numbers the row holds. */
  field: string;
}

export interface ExportTarget {
  format: ExportFormat;
  /** Without extension: `stock-S1` becomes `stock-S1.csv`. */
  fileName: string;
}

const logger = new JsonLogger('ExportWriter');

export async function writeExport<Row>(
  response: ServerResponse,
  target: ExportTarget,
  columns: ReadonlyArray<ExportColumn<Row>>,
  pages: AsyncIterable<readonly Row[]>,
): Promise<void> {
  const encode = encoderFor(target.format, columns);
  let closed = false;
  response.once('close', () => (closed = true));
  const iterator = pages[Symbol.asyncIterator]();
  // The first page is read before the status is sent: a failure there is still an error answer.
  let next = await iterator.next();
  const extension = target.format === 'ndjson' ? 'ndjson' : target.format;
  response.statusCode = 200;
  response.setHeader('content-type', EXPORT_CONTENT_TYPES[target.format]);
  response.setHeader('content-disposition', `attachment; filename="${target.fileName.replace(/[^\w.-]/g, '_')}.${extension}"`);
  response.setHeader('cache-control', 'no-store');
  try {
    let text = encode.start;
    let first = true;
    while (next.done !== true) {
      for (const row of next.value) {
        text += encode.row(row, first);
        first = false;
      }
      if (closed || !(await write(response, text))) return;
      text = '';
      next = await iterator.next();
    }
    await write(response, text + encode.end);
    response.end();
  } catch (error) {
    logger.error('export failed part way; the response is cut', { file: target.fileName, error: error instanceof Error ? error.message : String(error) });
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    // A reader that stopped early (the client left) releases what it holds: a cursor's connection.
    await iterator.return?.();
  }
}

interface Encoder<Row> {
  start: string;
  row: (row: Row, first: boolean) => string;
  end: string;
}

function encoderFor<Row>(format: ExportFormat, columns: ReadonlyArray<ExportColumn<Row>>): Encoder<Row> {
  if (format === 'csv') return { start: csvHeader(columns), row: (row) => csvRecord(columns, row), end: '' };
  const object = (row: Row) => JSON.stringify(Object.fromEntries(columns.map((column) => [column.field, jsonValue(column.value(row))])));
  if (format === 'ndjson') return { start: '', row: (row) => `${object(row)}\n`, end: '' };
  return { start: '[', row: (row, first) => `${first ? '' : ','}\n${object(row)}`, end: '\n]\n' };
}

function jsonValue(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : (value ?? null);
}

/** Resolves true once the socket took the text (after 'drain' when its buffer was full), false when the client left. */
async function write(response: ServerResponse, text: string): Promise<boolean> {
  if (text.length === 0) return !response.destroyed;
  if (response.destroyed) return false;
  if (response.write(text, 'utf8')) return true;
  return new Promise<boolean>((resolve) => {
    const settle = (drained: boolean) => () => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(drained);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    response.on('drain', onDrain);
    response.on('close', onClose);
  });
}
