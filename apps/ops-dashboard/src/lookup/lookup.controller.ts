// The data of the search, item and location pages (the pages themselves are static files in
// public/). Thin: check the input, ask LookupService; a bad input is a 400 naming the field.
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { LookupInputError, beforeVersion, checkRange, choice, isoDate, location, optionalTime, pageNumber, searchText, stockKey } from './lookup-input';
import { LookupService } from './lookup.service';
import { RequireScope, SCOPES } from '@ledgerline/auth';

const SORTS = ['sku', 'onHand', 'value', 'lastMovement', 'daysOfCover'] as const;
/** The longest period a shrinkage or record accuracy chart covers, as the services allow; 30 days unless asked. */
const MAX_SHRINKAGE_DAYS = 366;
const DEFAULT_SHRINKAGE_DAYS = 30;
const DAY_MS = 86_400_000;
const STATES = ['all', 'negative', 'stockout', 'low'] as const;
const MAX_PAGE = 2_000;

@RequireScope(SCOPES.dashboardView)
@ApiBearerAuth()
@ApiTags('lookup')
@Controller('api')
export class LookupController {
  constructor(private readonly lookup: LookupService) {}

  @Get('search')
  @ApiOperation({ summary: 'SKUs and locations whose code holds the text (the ledger search)' })
  @ApiQuery({ name: 'q', required: true })
  search(@Query('q') q: unknown) {
    return this.lookup.search(searchText(q));
  }

  @Get('items/:sku/:locationId')
  @ApiOperation({ summary: "One SKU at one location: balance, its other locations, levels, demand, forecast, policy, suggestions and alerts" })
  item(@Param('sku') sku: string, @Param('locationId') locationId: string) {
    const key = stockKey(sku, locationId);
    return this.lookup.item(key.sku, key.locationId);
  }

  @Get('items/:sku/:locationId/movements')
  @ApiOperation({ summary: "One page of the item's movements, newest first" })
  @ApiQuery({ name: 'before', required: false, description: 'Balance version to page before' })
  movements(@Param('sku') sku: string, @Param('locationId') locationId: string, @Query('before') before: unknown) {
    const key = stockKey(sku, locationId);
    return this.lookup.movements(key.sku, key.locationId, beforeVersion(before));
  }

  @Get('locations/:locationId')
  @ApiOperation({ summary: "A location's negative, out of stock and low counts, on hand and value" })
  location(@Param('locationId') locationId: string) {
    return this.lookup.location(location(locationId));
  }

  @Get('locations/:locationId/shrinkage')
  @ApiOperation({ summary: "The location's adjustments in a period by reason (count variances, write-offs, losses, finds): units and value, from the ledger" })
  @ApiQuery({ name: 'from', required: false, description: `Start (ISO-8601), included; default ${DEFAULT_SHRINKAGE_DAYS} days before to` })
  @ApiQuery({ name: 'to', required: false, description: `End (ISO-8601), excluded; default now; at most ${MAX_SHRINKAGE_DAYS} days after from` })
  shrinkage(@Param('locationId') locationId: string, @Query('from') from: unknown, @Query('to') to: unknown) {
    const { start, end } = period(from, to);
    return this.lookup.shrinkage(location(locationId), start, end);
  }

  @Get('locations/:locationId/record-accuracy')
  @ApiOperation({ summary: "The location's inventory record accuracy per day of a period (pos-ingestion's cycle counts): items counted, how many the book had within tolerance, the share" })
  @ApiQuery({ name: 'from', required: false, description: `Start (ISO-8601), its day included; default ${DEFAULT_SHRINKAGE_DAYS} days before to` })
  @ApiQuery({ name: 'to', required: false, description: `End (ISO-8601), excluded; default now; at most ${MAX_SHRINKAGE_DAYS} days after from` })
  recordAccuracy(@Param('locationId') locationId: string, @Query('from') from: unknown, @Query('to') to: unknown) {
    const { start, end } = period(from, to);
    return this.lookup.recordAccuracy(location(locationId), start, end);
  }

  @Get('locations/:locationId/count-list')
  @ApiOperation({ summary: "The location's cycle-count list of a day (pos-ingestion's counting program): each item, why it was chosen, its status and who counted, recounted and reviewed it; no book or counted figure. list.data is null when no list was made that day" })
  @ApiQuery({ name: 'day', required: false, description: 'ISO date (UTC); default today' })
  countList(@Param('locationId') locationId: string, @Query('day') day: unknown) {
    return this.lookup.countList(location(locationId), isoDate(day, 'day', new Date()));
  }

  @Get('locations/:locationId/balances')
  @ApiOperation({ summary: "One page of a location's balances, sorted, optionally in one state" })
  @ApiQuery({
    name: 'sort',
    required: false,
    enum: SORTS,
    description:
      "daysOfCover orders the whole location by reorder-forecasting's ranking (sortedWithin: location), keys without a forecast last; narrowed to a state, or when forecasting cannot rank, it orders the rows of the page (the location in SKU order; sortedWithin: page)",
  })
  @ApiQuery({ name: 'direction', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'state', required: false, enum: STATES })
  @ApiQuery({ name: 'page', required: false })
  balances(@Param('locationId') locationId: string, @Query('sort') sort: unknown, @Query('direction') direction: unknown, @Query('state') state: unknown, @Query('page') page: unknown) {
    return this.lookup.balances(location(locationId), {
      sort: choice(sort, 'sort', SORTS, 'sku'),
      direction: choice(direction, 'direction', ['asc', 'desc'] as const, 'asc'),
      state: choice(state, 'state', STATES, 'all'),
      page: pageNumber(page, MAX_PAGE),
    });
  }
}

/** A period of the location page's charts: `to` (default now) and `from` (default 30 days before it), at most a year apart. */
function period(from: unknown, to: unknown): { start: Date; end: Date } {
  const end = optionalTime(to, 'to') ?? new Date();
  const start = optionalTime(from, 'from') ?? new Date(end.getTime() - DEFAULT_SHRINKAGE_DAYS * DAY_MS);
  checkRange(start, end);
  if (end.getTime() - start.getTime() > MAX_SHRINKAGE_DAYS * DAY_MS) throw new LookupInputError('to', `must be at most ${MAX_SHRINKAGE_DAYS} days after from`);
  return { start, end };
}
