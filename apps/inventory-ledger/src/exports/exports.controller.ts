// HTTP exports of the ledger (OpenAPI at /docs), streamed as they are read: stock, valuation and
// movement history as CSV, NDJSON or a JSON array. Thin: parse, check, hand the pages to writeExport.
import type { ServerResponse } from 'node:http';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { invalidQuery, parseTime } from '../query/query-parameters';
import { EXPORT_FORMATS, parseExportFormat } from './export-format';
import { MOVEMENT_COLUMNS, STOCK_COLUMNS, VALUATION_COLUMNS } from './export-columns';
import { writeExport } from './export-writer';
import { ExportsService } from './exports.service';

/** The longest range of recorded time one location's history export may cover. */
export const MAX_HISTORY_RANGE_DAYS = 31;

const FORMAT_QUERY = { name: 'format', required: false, enum: EXPORT_FORMATS, description: 'csv, ndjson or json (a streamed array); without it, from Accept, else csv' } as const;
const LOCATION_QUERY = { name: 'locationId', required: false, description: 'one location; every location without it' } as const;
const INVALID_QUERY = { status: 400, description: 'LEDGER.INVALID_QUERY: a parameter, named in errors[].path, with the reason' } as const;
const EXPORTS_BUSY = { status: 503, description: 'LEDGER.EXPORTS_BUSY: as many exports holding a database connection as allowed are running; retry in a few seconds' } as const;
const UNKNOWN = { status: 404, description: 'LEDGER.UNKNOWN_LOCATION: no balances recorded at locationId; LEDGER.NO_STOCK_RECORD: no movements of the key' } as const;

@ApiTags('exports')
@ApiBearerAuth()
@ApiProduces('text/csv', 'application/x-ndjson', 'application/json')
@Controller('v1/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('stock')
  @RequireScope(SCOPES.stockRead)
  @ApiOperation({ summary: 'Balances of one location or all (on hand, in transit, on order, reserved, available, value, average cost), by location and SKU, streamed' })
  @ApiQuery(LOCATION_QUERY)
  @ApiQuery(FORMAT_QUERY)
  @ApiResponse({ status: 200, description: 'locationId, sku, onHand, inTransit, onOrder, reserved, available, inventoryValue, averageUnitCost, lastMovementAt' })
  @ApiResponse(INVALID_QUERY)
  @ApiResponse(UNKNOWN)
  async stock(@Res() response: ServerResponse, @Headers('accept') accept?: string, @Query('locationId') locationId?: string, @Query('format') format?: string) {
    const target = { format: parseExportFormat(format, accept), fileName: `stock-${locationId ?? 'all'}` };
    await writeExport(response, target, STOCK_COLUMNS, await this.exports.stock(locationId));
  }

  @Get('valuation')
  @RequireScope(SCOPES.valuationRead)
  @ApiOperation({ summary: 'Quantity, value and average cost per location and SKU, now or as of a past business time, streamed' })
  @ApiQuery(LOCATION_QUERY)
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 business time: each balance less its movements dated after it' })
  @ApiQuery(FORMAT_QUERY)
  @ApiResponse({ status: 200, description: 'locationId, sku, onHand, inventoryValue, averageUnitCost, inTransit, inTransitValue, valuationMethod (moving-average or fifo, as of the time asked)' })
  @ApiResponse(INVALID_QUERY)
  @ApiResponse(UNKNOWN)
  @ApiResponse({ status: 410, description: 'LEDGER.ARCHIVED_PERIOD: asOf before movements that are archived' })
  async valuation(@Res() response: ServerResponse, @Headers('accept') accept?: string, @Query('locationId') locationId?: string, @Query('asOf') asOf?: string, @Query('format') format?: string) {
    const time = asOf === undefined ? undefined : parseTime(asOf, 'asOf');
    const target = { format: parseExportFormat(format, accept), fileName: `valuation-${locationId ?? 'all'}${time ? `-${time.toISOString().slice(0, 10)}` : ''}` };
    await writeExport(response, target, VALUATION_COLUMNS, await this.exports.valuation(locationId, time));
  }

  @Get('history')
  @RequireScope(SCOPES.stockRead)
  @ApiOperation({
    summary: `Movements of one key (sku and locationId) oldest first, or of one location recorded from one time to another (at most ${MAX_HISTORY_RANGE_DAYS} days) in recorded order, streamed`,
  })
  @ApiQuery({ name: 'locationId', required: true })
  @ApiQuery({ name: 'sku', required: false, description: "the key's whole history; without it, from and to are required" })
  @ApiQuery({ name: 'from', required: false, description: 'ISO-8601, recorded time, included' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO-8601, recorded time, excluded' })
  @ApiQuery(FORMAT_QUERY)
  @ApiResponse({ status: 200, description: 'recordedAt, occurredAt, locationId, sku, balanceVersion, movementId, kind, reasonCode, quantityDelta, onHandAfter, valueDelta, costOfGoodsSold, causedByMovementId, postingDay (the day its figures were booked on when dated in a closed period, else empty)' })
  @ApiResponse(INVALID_QUERY)
  @ApiResponse(UNKNOWN)
  @ApiResponse(EXPORTS_BUSY)
  async history(
    @Res() response: ServerResponse,
    @Headers('accept') accept?: string,
    @Query('locationId') locationId?: string,
    @Query('sku') sku?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('format') format?: string,
  ) {
    const exportFormat = parseExportFormat(format, accept);
    if (locationId === undefined || locationId === '') throw invalidQuery('locationId', 'is required');
    if (sku !== undefined) {
      if (from !== undefined || to !== undefined) throw invalidQuery(from !== undefined ? 'from' : 'to', "is not taken with sku: a key's export is its whole history");
      await writeExport(response, { format: exportFormat, fileName: `history-${sku}-${locationId}` }, MOVEMENT_COLUMNS, await this.exports.keyHistory(sku, locationId));
      return;
    }
    if (from === undefined) throw invalidQuery('from', 'is required without sku');
    if (to === undefined) throw invalidQuery('to', 'is required without sku');
    const first = parseTime(from, 'from');
    const last = parseTime(to, 'to');
    if (last <= first) throw invalidQuery('to', 'must be after from');
    if (last.getTime() - first.getTime() > MAX_HISTORY_RANGE_DAYS * 86_400_000) throw invalidQuery('to', `must be within ${MAX_HISTORY_RANGE_DAYS} days of from`);
    const target = { format: exportFormat, fileName: `history-${locationId}-${first.toISOString().slice(0, 10)}` };
    await writeExport(response, target, MOVEMENT_COLUMNS, await this.exports.locationHistory(locationId, first, last));
  }
}
