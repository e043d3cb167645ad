// Reorder suggestions as the service holds them: open ones by default, newest first.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { locationIdSchema, skuSchema } from '@ledgerline/contracts';
import { ForecastingQueryService } from '../forecasting/forecasting-query.service';
import { invalidRequest, parseOptionalInteger, parseWith } from '../http/request-validation';

const STATES = { open: 'open', cleared: 'cleared', all: undefined } as const;

@ApiTags('suggestions')
@ApiBearerAuth()
@RequireScope(SCOPES.forecastRead)
@Controller('v1/suggestions')
export class SuggestionsController {
  constructor(private readonly service: ForecastingQueryService) {}

  @Get()
  @ApiOperation({ summary: 'Reorder suggestions, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: Object.keys(STATES), description: 'Default open' })
  @ApiQuery({ name: 'sku', required: false })
  @ApiQuery({ name: 'locationId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1..1000, default 100' })
  list(@Query('status') status = 'open', @Query('sku') sku?: string, @Query('locationId') locationId?: string, @Query('limit') limit?: string) {
    if (!(status in STATES)) throw invalidRequest([{ path: 'status', message: 'must be open, cleared or all' }]);
    return this.service.suggestionList({
      state: STATES[status as keyof typeof STATES],
      sku: sku === undefined ? undefined : parseWith(skuSchema, sku, 'sku'),
      locationId: locationId === undefined ? undefined : parseWith(locationIdSchema, locationId, 'locationId'),
      limit: parseOptionalInteger(limit, 'limit', { min: 1, max: 1000, fallback: 100 }),
    });
  }
}
