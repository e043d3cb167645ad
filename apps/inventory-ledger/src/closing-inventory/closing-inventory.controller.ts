// HTTP closing inventory report (OpenAPI at /docs): the inventory of each location and item at the
// end of a closed period, as kept once after its close, streamed as CSV, NDJSON or a JSON array.
// Thin: parse, check, write.
import type { ServerResponse } from 'node:http';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { VALUATION_COLUMNS } from '../exports/export-columns';
import { EXPORT_FORMATS, parseExportFormat } from '../exports/export-format';
import { writeExport } from '../exports/export-writer';
import { parseDay } from '../valuation/period-parameters';
import { ClosingInventoryService } from './closing-inventory.service';

@ApiTags('valuation')
@ApiBearerAuth()
@RequireScope(SCOPES.valuationRead)
@Controller('v1/reports')
export class ClosingInventoryController {
  constructor(private readonly closingInventory: ClosingInventoryService) {}

  @Get('closing-inventory')
  @ApiOperation({
    summary:
      'Inventory per location and item at the end of a closed period (by posting day through the closed-through day): kept once after the close, it never changes; the work is the rows returned',
  })
  @ApiProduces('text/csv', 'application/x-ndjson', 'application/json')
  @ApiQuery({ name: 'through', required: true, description: 'the day a close was through, YYYY-MM-DD (UTC); GET /v1/periods lists them', schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'locationId', required: false, description: 'one location; every location without it' })
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS, description: 'csv, ndjson or json (a streamed array); without it, from Accept, else csv' })
  @ApiResponse({ status: 200, description: 'locationId, sku, onHand, inventoryValue, averageUnitCost (empty when none on hand), inTransit, inTransitValue, valuationMethod (of the day)' })
  @ApiResponse({ status: 400, description: 'LEDGER.INVALID_QUERY: a parameter, named in errors[].path, with the reason' })
  @ApiResponse({ status: 404, description: 'LEDGER.NO_CLOSE_THROUGH_DAY: no close is through that day (the message names the closed days); LEDGER.UNKNOWN_LOCATION: no balances recorded at locationId' })
  @ApiResponse({ status: 409, description: 'LEDGER.CLOSING_INVENTORY_PENDING: the closing inventory of that close is being built (keysDone, keysTotal); retry later' })
  async report(
    @Res() response: ServerResponse,
    @Headers('accept') accept?: string,
    @Query('through') through?: string,
    @Query('locationId') locationId?: string,
    @Query('format') format?: string,
  ) {
    const day = parseDay(through, 'through');
    const exportFormat = parseExportFormat(format, accept);
    const pages = await this.closingInventory.report(day, locationId);
    await writeExport(response, { format: exportFormat, fileName: `closing-inventory-${locationId ?? 'all'}-${day}` }, VALUATION_COLUMNS, pages);
  }
}
