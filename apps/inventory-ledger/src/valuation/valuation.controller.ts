// HTTP API of the valuation totals and cost of goods sold (OpenAPI at /docs). Thin: parse, delegate.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { parsePeriod } from './period-parameters';
import { ValuationQueryService } from './valuation-query.service';

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
    return this.valuation.costOfGoodsSold({ ...parsePeriod(from, to, groupBy), locationId });
  }
}
