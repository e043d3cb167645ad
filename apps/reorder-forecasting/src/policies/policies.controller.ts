// Policy API: the policy of one item/location and the numbers it currently gives (safety stock,
// reorder point, order quantity, forecast demand, lead time used).
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { z } from 'zod';
import { ForecastingQueryService } from '../forecasting/forecasting-query.service';
import { parseItem, parseWith } from '../http/request-validation';
import { policyBodySchema } from './policy-body.schema';

@ApiTags('policies')
@ApiBearerAuth()
@RequireScope(SCOPES.forecastRead)
@Controller('v1/policies')
export class PoliciesController {
  constructor(private readonly service: ForecastingQueryService) {}

  @Get(':sku/:locationId')
  @ApiOperation({ summary: 'Policy of one item/location (defaults with its own settings on top) and its current numbers' })
  policy(@Param('sku') sku: string, @Param('locationId') locationId: string) {
    return this.service.policy(parseItem(sku, locationId));
  }

  @Put(':sku/:locationId')
  @RequireScope(SCOPES.policyWrite)
  @ApiOperation({ summary: 'Set the policy of one item/location; fields left out follow the defaults. Refits the item.' })
  @ApiBody({ schema: z.toJSONSchema(policyBodySchema) as Record<string, unknown> })
  replace(@Param('sku') sku: string, @Param('locationId') locationId: string, @Body() body: unknown) {
    return this.service.replacePolicy(parseItem(sku, locationId), parseWith(policyBodySchema, body ?? {}, 'body'));
  }
}
