// HTTP API of the valuation totals and cost of goods sold (OpenAPI at /docs). Thin: parse, delegate.
import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import type { CostPeriod } from './valuation-sql';
import { ValuationQueryService } from './valuation-query.service';

/** The longest period one cost-of-goods-sold query may ask for: ten years of days. */
const MAX_PERIOD_DAYS = 3_660;

@ApiTags('valuation')
@ApiBearerAuth()
@RequireScope(SCOPES.valuationRead)
@Controller('v1')
export class ValuationController {
  constructor(private readonly valuation: ValuationQueryService) {}

  @Get('valuation')
  @ApiOperation({ summary: 'Inventory value, in-transit value, on hand, balances and cost of goods sold to date: overall with each location, or one location' })
  @ApiQuery({ name: 'locationId', required: false })
  totals(@Query('locationId') locationId?: string) {
    return this.valuation.valuation(locationId);
  }

  @Get('cost-of-goods-sold')
  @ApiOperation({ summary: 'Cost of goods sold by business day or month (UTC), from one day to another (both included), overall or for one location' })
  @ApiQuery({ name: 'from', required: true, description: 'first day, YYYY-MM-DD (UTC)', schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'to', required: true, description: 'last day, YYYY-MM-DD (UTC), included', schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'locationId', required: false })
  @ApiQuery({ name: 'groupBy', required: false, enum: ['day', 'month'], description: 'day (default) or month' })
  costOfGoodsSold(@Query('from') from?: string, @Query('to') to?: string, @Query('locationId') locationId?: string, @Query('groupBy') groupBy?: string) {
    const first = parseDay(from, 'from');
    const last = parseDay(to, 'to');
    if (last < first) throw invalid('to', 'must not be before from');
    if ((Date.parse(last) - Date.parse(first)) / 86_400_000 >= MAX_PERIOD_DAYS) throw invalid('to', `must be within ${MAX_PERIOD_DAYS} days of from`);
    return this.valuation.costOfGoodsSold({ from: first, to: last, locationId, groupBy: parsePeriod(groupBy) });
  }
}

function parseDay(value: string | undefined, field: string): string {
  const time = value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00.000Z`) : Number.NaN;
  // Date.parse rolls some impossible days over (2026-02-30); the round trip refuses them.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) throw invalid(field, 'must be a day, YYYY-MM-DD');
  return value;
}

function parsePeriod(value: string | undefined): CostPeriod {
  if (value === undefined || value === 'day') return 'day';
  if (value === 'month') return 'month';
  throw invalid('groupBy', 'must be day or month');
}

function invalid(field: string, reason: string): BadRequestException {
  return new BadRequestException({ code: 'LEDGER.INVALID_QUERY', message: `${field} ${reason}`, errors: [{ path: field, message: reason }] });
}
