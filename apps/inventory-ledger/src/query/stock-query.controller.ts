// HTTP query API of the ledger (OpenAPI at /docs). Thin: parse, delegate, map not-found.
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { parseLimit, parsePositive, parseTime } from './query-parameters';
import { StockQueryService } from './stock-query.service';
import { StockLayersService } from './stock-layers.service';
import { keyLayersSchema } from './stock-layers.openapi';

@ApiTags('stock')
@ApiBearerAuth()
@RequireScope(SCOPES.stockRead)
@Controller('v1')
export class StockQueryController {
  constructor(
    private readonly stock: StockQueryService,
    private readonly stockLayers: StockLayersService,
  ) {}

  @Get('stock/:sku')
  @ApiOperation({ summary: 'Stock of one SKU at every location' })
  stockOfSku(@Param('sku') sku: string) {
    return this.stock.stockOfSku(sku);
  }

  @Get('stock/:sku/:locationId')
  @ApiOperation({ summary: 'Stock of one SKU at one location; with asOf, as recorded up to that business time' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 time' })
  async stockAt(@Param('sku') sku: string, @Param('locationId') locationId: string, @Query('asOf') asOf?: string) {
    if (asOf !== undefined) return this.stock.stockAsOf(sku, locationId, parseTime(asOf, 'asOf'));
    const view = await this.stock.stockAt(sku, locationId);
    if (!view) throw new NotFoundException({ code: 'LEDGER.NO_STOCK_RECORD', message: `No movements recorded for ${sku} at ${locationId}` });
    return view;
  }

  @Get('stock/:sku/:locationId/history')
  @ApiOperation({ summary: 'Ledger history of one SKU at one location, newest first, paged by balance version' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'beforeVersion', required: false })
  history(@Param('sku') sku: string, @Param('locationId') locationId: string, @Query('limit') limit?: string, @Query('beforeVersion') beforeVersion?: string) {
    return this.stock.history(sku, locationId, parseLimit(limit), beforeVersion === undefined ? undefined : parsePositive(beforeVersion, 'beforeVersion'));
  }

  @Get('stock/:sku/:locationId/layers')
  @ApiOperation({
    summary: 'FIFO layers of one SKU at one location, oldest first, on hand and in transit, with the key\'s valuation method (none at moving average)',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1..1000 layers per pool, default 200' })
  @ApiResponse({ status: 200, schema: keyLayersSchema })
  @ApiResponse({ status: 404, description: 'LEDGER.NO_STOCK_RECORD: no movement recorded for the key' })
  async layers(@Param('sku') sku: string, @Param('locationId') locationId: string, @Query('limit') limit?: string) {
    const view = await this.stockLayers.layers(sku, locationId, parseLimit(limit, 1000, 200));
    if (!view) throw new NotFoundException({ code: 'LEDGER.NO_STOCK_RECORD', message: `No movements recorded for ${sku} at ${locationId}` });
    return view;
  }

  @Get('locations/:locationId/stock')
  @ApiOperation({ summary: 'Stock of every SKU at one location, paged by SKU' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'afterSku', required: false })
  stockOfLocation(@Param('locationId') locationId: string, @Query('limit') limit?: string, @Query('afterSku') afterSku?: string) {
    return this.stock.stockOfLocation(locationId, parseLimit(limit), afterSku);
  }
}
