// HTTP side of the operator's lookups (OpenAPI at /docs). Thin: parse, delegate, map not-found.
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { invalidQuery, parseChoice, parseLimit, parseOffset } from './query-parameters';
import { BALANCE_SORTS, BALANCE_STATES, StockLookupService, type BalanceSort, type BalanceState } from './stock-lookup.service';

/** Longer than any SKU or location code: longer text cannot match one. */
const MAX_SEARCH_LENGTH = 64;
/** Deep offsets cost a sort of everything skipped; past this, narrow the list by state instead. */
const MAX_OFFSET = 100_000;
/** As many as a page holds. */
const MAX_SKUS = 200;

@ApiTags('lookup')
@ApiBearerAuth()
@RequireScope(SCOPES.stockRead)
@Controller('v1')
export class StockLookupController {
  constructor(private readonly lookup: StockLookupService) {}

  @Get('search')
  @ApiOperation({ summary: 'SKUs and locations whose code holds the text, any case: a prefix from one character, anywhere in the code from three' })
  @ApiQuery({ name: 'q', required: true, description: 'Text to find, 1 to 64 characters' })
  @ApiQuery({ name: 'limit', required: false, description: '1..50, default 20, per kind' })
  search(@Query('q') text: string | undefined, @Query('limit') limit?: string) {
    const trimmed = (text ?? '').trim();
    if (trimmed.length === 0) throw invalidQuery('q', 'must hold a letter or digit to search for');
    if (trimmed.length > MAX_SEARCH_LENGTH) throw invalidQuery('q', `must be at most ${MAX_SEARCH_LENGTH} characters`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw invalidQuery('q', 'must not contain control characters');
    return this.lookup.search(trimmed, parseLimit(limit, 50, 20));
  }

  @Get('stock/:sku/:locationId/levels')
  @ApiOperation({ summary: 'On hand, in transit, on order and value after each of the last movements of one SKU at one location, oldest first' })
  @ApiQuery({ name: 'limit', required: false, description: '1..2000 movements, default 500' })
  async levels(@Param('sku') sku: string, @Param('locationId') locationId: string, @Query('limit') limit?: string) {
    const points = await this.lookup.levels(sku, locationId, parseLimit(limit, 2000, 500));
    if (!points) throw new NotFoundException({ code: 'LEDGER.NO_STOCK_RECORD', message: `No movements recorded for ${sku} at ${locationId}` });
    return { sku, locationId, points };
  }

  @Get('locations/:locationId/balances')
  @ApiOperation({ summary: "One page of a location's balances, sorted, optionally only the negative, out of stock or low ones, with how many there are" })
  @ApiQuery({ name: 'sort', required: false, enum: Object.keys(BALANCE_SORTS), description: 'Default sku' })
  @ApiQuery({ name: 'direction', required: false, enum: ['asc', 'desc'], description: 'Default asc' })
  @ApiQuery({ name: 'state', required: false, enum: Object.keys(BALANCE_STATES), description: 'Default all' })
  @ApiQuery({ name: 'offset', required: false, description: `0..${MAX_OFFSET}` })
  @ApiQuery({ name: 'limit', required: false, description: '1..200, default 50' })
  @ApiQuery({ name: 'skus', required: false, description: `Only these SKUs, 1..${MAX_SKUS} comma-separated (a page ordered elsewhere, such as by days of cover); total then counts those found` })
  async balances(
    @Param('locationId') locationId: string,
    @Query('sort') sort?: string,
    @Query('direction') direction?: string,
    @Query('state') state?: string,
    @Query('offset') offset?: string,
    @Query('limit') limit?: string,
    @Query('skus') skus?: string,
  ) {
    const asked = skus === undefined ? undefined : skus.split(',');
    if (asked && (asked.length > MAX_SKUS || asked.some((sku) => sku.length === 0))) throw invalidQuery('skus', `must name 1 to ${MAX_SKUS} SKUs, comma-separated`);
    const page = await this.lookup.locationBalances(
      locationId,
      {
        sort: parseChoice(sort, 'sort', Object.keys(BALANCE_SORTS) as BalanceSort[], 'sku'),
        direction: parseChoice(direction, 'direction', ['asc', 'desc'] as const, 'asc'),
        state: parseChoice(state, 'state', Object.keys(BALANCE_STATES) as BalanceState[], 'all'),
        offset: parseOffset(offset, MAX_OFFSET),
        limit: parseLimit(limit, 200, asked ? MAX_SKUS : 50),
      },
      asked,
    );
    if (page.items.length === 0 && page.offset > 0 && page.offset >= page.total) {
      throw new NotFoundException({ code: 'LEDGER.PAGE_PAST_END', message: `offset ${page.offset} is past the end: ${locationId} has ${page.total} such balances` });
    }
    if (page.total === 0 && page.state === 'all' && !asked) throw unknownLocation(locationId);
    return page;
  }

  @Get('locations/:locationId/summary')
  @ApiOperation({ summary: "How many of a location's balances are negative, out of stock and low, with their on hand and value" })
  async summary(@Param('locationId') locationId: string) {
    const summary = await this.lookup.locationSummary(locationId);
    if (!summary) throw unknownLocation(locationId);
    return summary;
  }
}

function unknownLocation(locationId: string): NotFoundException {
  return new NotFoundException({ code: 'LEDGER.UNKNOWN_LOCATION', message: `No balances recorded at ${locationId}` });
}
