// Bulk files of store operations (opening stock, count sheets) as they are uploaded: the file is
// read line by line while it arrives (utf8Lines), each line validated on its own (csvLineMovement:
// its line, column and reason when it is wrong) and the valid ones taken a chunk at a time through
// the same intake as single movements (recorded, on Kafka, marked), so memory does not grow with
// the file. Per line, not all or nothing: a wrong line (an item the catalog lacks too, looked up
// once per chunk) is reported and skipped, the others are taken. Each line's movement id derives from the upload's id and the SKU, so uploading the same
// file again answers every line as a duplicate (and takes a line that was wrong and is now
// corrected); a line whose content changed under the same upload id is a conflict.
import type { Readable } from 'node:stream';
import { checkCsvHeader, checkStoreOperation, csvLineMovement, type CsvImportTarget, type CsvLineError, type MovementCaller, type StoreOperationMovement } from '@ledgerline/pos-domain';
import type { CatalogCopy } from '../catalog/catalog-copy';
import type { StoreOperationsIntake } from '../movements/store-operations-intake';
import { utf8Lines } from './csv-lines';

/** Lines taken per intake round: one INSERT and one Kafka send each. */
export const CSV_CHUNK_LINES = 1_000;
/** An answer lists at most this many line errors; the counts cover them all. */
export const MAX_REPORTED_LINE_ERRORS = 1_000;

export interface CsvImportReport {
  importId: string;
  kind: CsvImportTarget['kind'];
  locationId: string;
  lines: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: CsvLineError[];
  errorsTruncated: boolean;
}

/** Refused as a whole before any line was taken. */
export class CsvUploadRefused extends Error {
  constructor(
    readonly status: 403 | 422,
    readonly code: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export class CsvImport {
  constructor(
    private readonly catalog: Pick<CatalogCopy, 'known'>,
    private readonly intake: StoreOperationsIntake,
  ) {}

  async run(file: Readable, target: CsvImportTarget, caller: MovementCaller, maxBytes: number): Promise<CsvImportReport> {
    if (caller.kind === 'store' && target.locationId !== caller.storeId) {
      throw new CsvUploadRefused(403, 'MOVEMENTS.STORE_MISMATCH', 'locationId', `locationId is ${target.locationId}, but this credential belongs to store ${caller.storeId}`);
    }
    if (!(await this.catalog.known([], [target.locationId])).locations.has(target.locationId)) {
      throw new CsvUploadRefused(422, 'MOVEMENTS.UNKNOWN_LOCATION', 'locationId', `locationId ${target.locationId} is not a location of the catalog (catalog.locations.v1)`);
    }
    const report: CsvImportReport = { importId: target.importId, kind: target.kind, locationId: target.locationId, lines: 0, accepted: 0, duplicates: 0, rejected: 0, errors: [], errorsTruncated: false };
    let chunk: Array<{ line: number; movement: StoreOperationMovement }> = [];
    let header = true;
    for await (const { number, text } of utf8Lines(file, maxBytes)) {
      if (header) {
        const wrong = checkCsvHeader(target.kind, text);
        if (wrong !== null) throw new CsvUploadRefused(422, 'CSV.BAD_HEADER', 'line 1', wrong);
        header = false;
        continue;
      }
      if (text.trim() === '') continue;
      report.lines++;
      const parsed = csvLineMovement(target, number, text);
      if (Array.isArray(parsed)) {
        this.reject(report, parsed);
        continue;
      }
      const refused = checkStoreOperation(parsed, caller);
      if (refused) this.reject(report, [{ line: number, column: null, code: refused.code, message: refused.message }]);
      else chunk.push({ line: number, movement: parsed as StoreOperationMovement });
      if (chunk.length >= CSV_CHUNK_LINES) {
        await this.take(chunk, caller, report);
        chunk = [];
      }
    }
    if (header) throw new CsvUploadRefused(422, 'CSV.BAD_HEADER', 'line 1', 'the file is empty: it needs a header line');
    await this.take(chunk, caller, report);
    return report;
  }

  private async take(chunk: Array<{ line: number; movement: StoreOperationMovement }>, caller: MovementCaller, report: CsvImportReport): Promise<void> {
    if (chunk.length === 0) return;
    const { taken, refused } = await this.intake.takeEachValid(chunk.map(({ movement }) => movement), caller);
    for (const status of taken) {
      if (status === 'accepted') report.accepted++;
      else if (status === 'duplicate') report.duplicates++;
    }
    for (const [index, problem] of refused) {
      this.reject(report, [{ line: chunk[index]!.line, column: problem.path === 'movementId' ? 'sku' : problem.path || null, code: problem.code, message: problem.message }]);
    }
  }

  private reject(report: CsvImportReport, errors: CsvLineError[]): void {
    report.rejected++;
    for (const error of errors) {
      if (report.errors.length < MAX_REPORTED_LINE_ERRORS) report.errors.push(error);
      else report.errorsTruncated = true;
    }
  }
}
