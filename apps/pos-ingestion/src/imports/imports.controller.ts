// Bulk files over HTTP: `POST /v1/imports/opening-stock` and `/v1/imports/count-sheet`, the body a
// CSV file (Content-Type: text/csv) read while it arrives. Thin: check the query and the headers,
// hand the stream to CsvImport, answer its report or the refusal of the whole file.
import { Controller, HttpCode, HttpStatus, Inject, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { identifierSchema, locationIdSchema, timestampSchema, validateContract } from '@ledgerline/contracts';
import { RequireScopeOrOwnGuard, SCOPES } from '@ledgerline/auth';
import { CSV_IMPORT_KINDS, type CsvImportTarget } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import { POS_INGESTION_CONFIG, type PosIngestionConfig } from '../config/pos-ingestion.config';
import { intakeUnavailable } from '../http/intake-unavailable';
import { problemSchema } from '../http/openapi-schemas';
import { ProblemException, problem } from '../http/problem';
import { IntakeRuntime } from '../intake/intake-runtime';
import { MovementCallerGuard, movementCallerOf, type MovementRequest } from '../movements/movement-caller.guard';
import { CsvStreamError } from './csv-lines';
import { CsvUploadRefused, type CsvImportReport } from './csv-import';

const importQuerySchema = z.strictObject({
  locationId: locationIdSchema,
  importId: identifierSchema.describe('Names the upload: each line becomes opening:<importId>:<sku> or count:<importId>:<sku>'),
  occurredAt: timestampSchema.describe('Business time of every line; part of each line\'s content, so a re-upload must give the same'),
  system: z.enum(['erp', 'wms', 'ops']).default('ops'),
});

@ApiTags('store operations')
@ApiBearerAuth()
@RequireScopeOrOwnGuard(SCOPES.movementsWrite, 'store-operations key (pk_) of the store, or a service credential with movements:write')
@UseGuards(MovementCallerGuard)
@Controller('v1/imports')
export class ImportsController {
  private readonly logger = new JsonLogger('ImportsController');

  constructor(
    @Inject(IntakeRuntime) private readonly runtime: IntakeRuntime,
    @Inject(POS_INGESTION_CONFIG) private readonly config: PosIngestionConfig,
  ) {}

  @Post(':kind')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Upload a CSV file, UTF-8, read while it arrives: opening-stock (header sku,quantity,unitCost: a receipt per line at its cost) or count-sheet (header sku,countedQuantity: a count per line). ' +
      'Per line: wrong lines (a SKU the catalog does not hold too: MOVEMENTS.UNKNOWN_SKU, column sku) are reported (line, column, reason) and skipped, the others taken; uploading the same file again answers them as duplicates.',
  })
  @ApiParam({ name: 'kind', enum: Object.keys(CSV_IMPORT_KINDS) })
  @ApiQuery({ name: 'locationId', required: true })
  @ApiQuery({ name: 'importId', required: true })
  @ApiQuery({ name: 'occurredAt', required: true, description: 'Business time of every line (the count or the opening); give the same when uploading again' })
  @ApiQuery({ name: 'system', required: false, enum: ['erp', 'wms', 'ops'] })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'sku,quantity,unitCost\nCOFFEE-1KG,120,7.4500\n' } })
  @ApiResponse({ status: 200, description: '{importId, kind, locationId, lines, accepted, duplicates, rejected, errors: [{line, column, code, message}] (at most 1000), errorsTruncated}' })
  @ApiResponse({ status: 403, description: "Another store's location (store key), or no movements:write", schema: problemSchema })
  @ApiResponse({ status: 404, description: 'No such kind of import', schema: problemSchema })
  @ApiResponse({ status: 413, description: 'CSV.TOO_LARGE: beyond CSV_UPLOAD_MAX_BYTES (lines taken before the limit stay taken)', schema: problemSchema })
  @ApiResponse({ status: 415, description: 'HTTP.UNSUPPORTED_MEDIA_TYPE: not text/csv; CSV.NOT_UTF8: a line not UTF-8 (lines taken before it stay taken)', schema: problemSchema })
  @ApiResponse({ status: 422, description: 'CSV.BAD_HEADER, an invalid query, MOVEMENTS.UNKNOWN_LOCATION (a location the catalog does not hold): nothing taken', schema: problemSchema })
  @ApiResponse({
    status: 503,
    description:
      'Not stored or not acknowledged by Kafka in time (INTAKE.UNAVAILABLE), or a SKU the catalog copy lacks while it is behind the catalog topics (MOVEMENTS.CATALOG_CATCHING_UP): upload the same file again after Retry-After',
    schema: problemSchema,
  })
  async upload(@Req() request: MovementRequest, @Param('kind') kind: string, @Query() query: Record<string, unknown>): Promise<CsvImportReport> {
    if (!(kind in CSV_IMPORT_KINDS)) throw new ProblemException(problem(HttpStatus.NOT_FOUND, 'CSV.UNKNOWN_IMPORT', `kind must be one of ${Object.keys(CSV_IMPORT_KINDS).join(', ')}`));
    if (!/^text\/csv\b/i.test(request.headers['content-type'] ?? '')) {
      throw new ProblemException(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'HTTP.UNSUPPORTED_MEDIA_TYPE', 'Send the file as Content-Type: text/csv; charset=utf-8'));
    }
    if (/charset=(?!"?utf-8)/i.test(request.headers['content-type'] ?? '')) {
      throw new ProblemException(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'CSV.NOT_UTF8', 'The file must be UTF-8 (charset=utf-8)'));
    }
    const maxBytes = this.config.CSV_UPLOAD_MAX_BYTES;
    if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw tooLarge(`the file is larger than the limit of ${maxBytes} bytes`);
    const parsed = validateContract(importQuerySchema, query);
    if (!parsed.ok) {
      const errors = parsed.errors.map((error) => ({ ...error, code: 'INTAKE.VALIDATION_FAILED' }));
      throw new ProblemException(problem(HttpStatus.UNPROCESSABLE_ENTITY, 'INTAKE.VALIDATION_FAILED', errors[0]?.message ?? 'invalid query', errors));
    }
    const target: CsvImportTarget = { kind: kind as CsvImportTarget['kind'], ...parsed.value };
    try {
      const report = await this.runtime.csvImport.run(request, target, movementCallerOf(request), maxBytes);
      this.logger.info('CSV import read', { keyId: request.movementCaller?.keyId, importId: report.importId, kind, lines: report.lines, accepted: report.accepted, rejected: report.rejected });
      return report;
    } catch (error) {
      if (error instanceof CsvUploadRefused) throw new ProblemException(problem(error.status, error.code, error.message, [{ path: error.path, code: error.code, message: error.message }]));
      if (error instanceof CsvStreamError && error.kind === 'too-large') throw tooLarge(error.message);
      if (error instanceof CsvStreamError) {
        throw new ProblemException(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'CSV.NOT_UTF8', error.message, [{ path: `line ${error.line}`, code: 'CSV.NOT_UTF8', message: error.message }]));
      }
      throw intakeUnavailable(error, this.logger, { keyId: request.movementCaller?.keyId, importId: target.importId }, 'The file');
    }
  }
}

function tooLarge(message: string): ProblemException {
  return new ProblemException(problem(HttpStatus.PAYLOAD_TOO_LARGE, 'CSV.TOO_LARGE', message), { Connection: 'close' });
}
