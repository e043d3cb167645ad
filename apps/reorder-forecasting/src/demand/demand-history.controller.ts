// Daily demand history of one item at one location (OpenAPI at /docs): what the forecast is
// drawn beside. Thin: parse, read, map not-found.
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { DataSource } from 'typeorm';
import { parseItem, parseOptionalInteger } from '../http/request-validation';
import { DemandHistorySql } from './demand-history-sql';

@ApiTags('forecasts')
@ApiBearerAuth()
@RequireScope(SCOPES.forecastRead)
@Controller('v1/demand')
export class DemandHistoryController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: DemandHistorySql,
  ) {}

  @Get(':sku/:locationId')
  @ApiOperation({ summary: 'Daily demand of the last days up to the last recorded one, every day present (a day without movements has none)' })
  @ApiQuery({ name: 'days', required: false, description: '1..730, default 120' })
  async demand(@Param('sku') sku: string, @Param('locationId') locationId: string, @Query('days') days?: string) {
    const item = parseItem(sku, locationId);
    const history = await this.history.lastDays(this.dataSource.manager, item, parseOptionalInteger(days, 'days', { min: 1, max: 730, fallback: 120 }));
    if (history.length === 0) throw new NotFoundException({ code: 'FORECASTING.UNKNOWN_ITEM', message: `No demand recorded for ${item.sku} at ${item.locationId}` });
    return { sku: item.sku, locationId: item.locationId, days: history };
  }
}
