// Days of cover of some SKUs at one location (OpenAPI at /docs): on hand over the forecast daily
// demand, for a page of a location's stock. Thin: parse, read, compute with the domain rule.
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { DataSource } from 'typeorm';
import { locationIdSchema, skuSchema } from '@ledgerline/contracts';
import { daysOfCover } from '../domain/days-of-cover';
import { invalidRequest, parseWith } from '../http/request-validation';
import { DaysOfCoverSql } from './days-of-cover-sql';

const MAX_SKUS = 200;

@ApiTags('forecasts')
@ApiBearerAuth()
@RequireScope(SCOPES.forecastRead)
@Controller('v1/cover')
export class DaysOfCoverController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cover: DaysOfCoverSql,
  ) {}

  @Get(':locationId')
  @ApiOperation({ summary: 'Days of cover (on hand over the forecast daily demand) of the SKUs given at one location; SKUs without a forecast are left out' })
  @ApiQuery({ name: 'skus', required: true, description: `1..${MAX_SKUS} SKUs, comma-separated` })
  async daysOfCover(@Param('locationId') locationId: string, @Query('skus') skus?: string) {
    const location = parseWith(locationIdSchema, locationId, 'locationId');
    const asked = (skus ?? '').split(',').filter((sku) => sku.length > 0);
    if (asked.length === 0 || asked.length > MAX_SKUS) throw invalidRequest([{ path: 'skus', message: `must name 1 to ${MAX_SKUS} SKUs, comma-separated` }]);
    const checked = asked.map((sku, index) => parseWith(skuSchema, sku, `skus.${index}`));
    const figures = await this.cover.figures(this.dataSource.manager, location, checked);
    return {
      locationId: location,
      items: figures.map((row) => ({ ...row, daysOfCover: row.onHand === null ? null : daysOfCover(row.onHand, row.forecastDailyDemand) })),
    };
  }
}
