// Days of cover at one location (OpenAPI at /docs): of the SKUs given, for a page of a location's
// stock; or the location's keys ranked by it, a page at a time, for a location-wide sort. Thin:
// parse, read, compute with the domain rule.
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { DataSource } from 'typeorm';
import { locationIdSchema, skuSchema } from '@ledgerline/contracts';
import { daysOfCover } from '../domain/days-of-cover';
import { invalidRequest, parseOptionalInteger, parseWith } from '../http/request-validation';
import { DaysOfCoverSql, type RankedPosition } from './days-of-cover-sql';

const MAX_SKUS = 200;
const MAX_RANKING_LIMIT = 200;
/** More keys than a location's assortment holds; the offset costs the index entries it skips. */
const MAX_RANKING_OFFSET = 100_000;

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

  @Get(':locationId/ranking')
  @ApiOperation({
    summary:
      "A page of the location's keys ranked by days of cover (kept on each position as its on hand or forecast changes): those with one first, in the direction asked (ties by SKU the same way), then those without a fit or without forecast demand, by SKU",
  })
  @ApiQuery({ name: 'direction', required: false, enum: ['asc', 'desc'], description: 'Default asc: what runs out first' })
  @ApiQuery({ name: 'offset', required: false, description: `0..${MAX_RANKING_OFFSET}, default 0` })
  @ApiQuery({ name: 'limit', required: false, description: `1..${MAX_RANKING_LIMIT}, default 50` })
  async ranking(@Param('locationId') locationId: string, @Query('direction') direction?: string, @Query('offset') offset?: string, @Query('limit') limit?: string) {
    const location = parseWith(locationIdSchema, locationId, 'locationId');
    if (direction !== undefined && direction !== 'asc' && direction !== 'desc') throw invalidRequest([{ path: 'direction', message: 'must be asc or desc' }]);
    const order = direction ?? 'asc';
    const start = parseOptionalInteger(offset, 'offset', { min: 0, max: MAX_RANKING_OFFSET, fallback: 0 });
    const size = parseOptionalInteger(limit, 'limit', { min: 1, max: MAX_RANKING_LIMIT, fallback: 50 });
    const ranked = await this.cover.rankedPage(this.dataSource.manager, location, { direction: order, offset: start, limit: size });
    if (ranked.total === 0) throw new NotFoundException({ code: 'FORECASTING.UNKNOWN_LOCATION', message: `No stock movement seen at ${location}` });
    if (ranked.rows.length === 0 && start > 0) throw new NotFoundException({ code: 'FORECASTING.PAGE_PAST_END', message: `offset ${start} is past the end: ${location} has ${ranked.total} keys` });
    return { locationId: location, direction: order, offset: start, limit: size, total: ranked.total, withCover: ranked.withCover, items: ranked.rows.map(withDaysOfCover) };
  }
}

function withDaysOfCover(row: RankedPosition) {
  return { ...row, daysOfCover: row.forecastDailyDemand === null ? null : daysOfCover(row.onHand, row.forecastDailyDemand) };
}
