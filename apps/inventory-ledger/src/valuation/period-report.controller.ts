// HTTP period report (OpenAPI at /docs): cost of goods sold and adjustments by reason per day or
// month and location, as CSV, NDJSON or a JSON array, streamed. Thin: parse, check, write.
import type { ServerResponse } from 'node:http';
import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { EXPORT_FORMATS, parseExportFormat } from '../exports/export-format';
import { ExportsService } from '../exports/exports.service';
import { writeExport, type ExportColumn } from '../exports/export-writer';
import { MAX_PERIOD_DAYS, parsePeriod } from './period-parameters';
import { PeriodReportSql, type PeriodReportRow } from './period-report-sql';

const COLUMNS: Array<ExportColumn<PeriodReportRow>> = [
  { field: 'period', header: 'period', kind: 'text', value: (row) => row.period },
  { field: 'locationId', header: 'locationId', kind: 'text', value: (row) => row.locationId },
  { field: 'measure', header: 'measure', kind: 'text', value: (row) => row.measure },
  { field: 'reasonCode', header: 'reasonCode', kind: 'text', value: (row) => row.reasonCode },
  { field: 'quantity', header: 'quantity', kind: 'number', value: (row) => row.quantity },
  { field: 'value', header: 'value', kind: 'number', value: (row) => row.value },
  { field: 'movements', header: 'movements', kind: 'number', value: (row) => row.movements },
];

@ApiTags('valuation')
@ApiBearerAuth()
@RequireScope(SCOPES.valuationRead)
@Controller('v1/reports')
export class PeriodReportController {
  private readonly report: PeriodReportSql;

  constructor(
    private readonly dataSource: DataSource,
    private readonly exports: ExportsService,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.report = new PeriodReportSql(config.DATABASE_SCHEMA);
  }

  @Get('period')
  @ApiOperation({
    summary:
      'Cost of goods sold, adjustments by reason (count variances and corrections, write-offs, losses, found stock) and landed costs by cost type per day or month (UTC) and location, streamed; by posting day: the business day, or the first open day for a movement dated in a closed period',
  })
  @ApiProduces('text/csv', 'application/x-ndjson', 'application/json')
  @ApiQuery({ name: 'from', required: true, description: 'first day, YYYY-MM-DD (UTC)', schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'to', required: true, description: `last day, YYYY-MM-DD (UTC), included; at most ${MAX_PERIOD_DAYS} days after from`, schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'groupBy', required: false, enum: ['day', 'month'], description: 'day (default) or month' })
  @ApiQuery({ name: 'locationId', required: false, description: 'one location; every location without it' })
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS, description: 'csv, ndjson or json (a streamed array); without it, from Accept, else csv' })
  @ApiResponse({ status: 200, description: 'period, locationId, measure (cost-of-goods-sold or adjustment), reasonCode, quantity, value, movements' })
  @ApiResponse({ status: 400, description: 'LEDGER.INVALID_QUERY: a parameter, named in errors[].path, with the reason' })
  @ApiResponse({ status: 404, description: 'LEDGER.UNKNOWN_LOCATION: no balances recorded at locationId' })
  @ApiResponse({ status: 503, description: 'LEDGER.EXPORTS_BUSY: as many exports holding a database connection as allowed are running; retry in a few seconds' })
  async period(
    @Res() response: ServerResponse,
    @Headers('accept') accept?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('groupBy') groupBy?: string,
    @Query('locationId') locationId?: string,
    @Query('format') format?: string,
  ) {
    const asked = { ...parsePeriod(from, to, groupBy), locationId };
    const exportFormat = parseExportFormat(format, accept);
    await this.exports.requireKnownLocation(locationId);
    const target = { format: exportFormat, fileName: `period-report-${locationId ?? 'all'}-${asked.from}-${asked.to}` };
    await writeExport(response, target, COLUMNS, this.report.pages(this.dataSource, asked));
  }
}
