// Forecast API (OpenAPI at /docs). Thin: parse, delegate.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RateLimit, RequireScope, SCOPES } from '@ledgerline/auth';
import { z } from 'zod';
import { locationIdSchema, skuSchema } from '@ledgerline/contracts';
import { FORECASTING_CONFIG, type ForecastingConfig } from '../config/forecasting.config';
import { parseItem, parseOptionalInteger, parseWith } from '../http/request-validation';
import { ForecastingQueryService } from './forecasting-query.service';

const refitBodySchema = z
  .strictObject({ sku: skuSchema.optional(), locationId: locationIdSchema.optional() })
  .refine((body) => (body.sku === undefined) === (body.locationId === undefined), { error: 'give both sku and locationId, or neither' });

/** The per-credential limit of refit requests (REFIT_REQUESTS_PER_MINUTE, REFIT_REQUESTS_BURST). */
export const REFIT_RATE_LIMIT = 'refit';

@ApiTags('forecasts')
@ApiBearerAuth()
@RequireScope(SCOPES.forecastRead)
@Controller('v1/forecasts')
export class ForecastsController {
  constructor(
    private readonly service: ForecastingQueryService,
    @Inject(FORECASTING_CONFIG) private readonly config: ForecastingConfig,
  ) {}

  @Get(':sku/:locationId')
  @ApiOperation({ summary: 'Daily demand forecast with prediction intervals, the chosen method and its holdout accuracy (MASE, bias)' })
  @ApiQuery({ name: 'days', required: false, description: 'Days to return, at most the fitted horizon' })
  forecast(@Param('sku') sku: string, @Param('locationId') locationId: string, @Query('days') days?: string) {
    const horizon = this.config.FORECAST_HORIZON_DAYS;
    return this.service.forecast(parseItem(sku, locationId), parseOptionalInteger(days, 'days', { min: 1, max: horizon, fallback: horizon }));
  }

  @Post('refit')
  @RequireScope(SCOPES.forecastRefit)
  @RateLimit(REFIT_RATE_LIMIT)
  @ApiResponse({ status: 429, description: 'AUTH.RATE_LIMITED: this credential asked for refits too often; see Retry-After' })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'One item/location (sku and locationId given): refit now. Otherwise every known one is marked due and the schedule refits them at its pace (REFIT_MAX_SERIES_PER_TICK per REFIT_INTERVAL_MS)' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { sku: { type: 'string' }, locationId: { type: 'string' } } } })
  refit(@Body() body: unknown) {
    const parsed = parseWith(refitBodySchema, body ?? {}, 'body');
    return this.service.refit(parsed.sku !== undefined && parsed.locationId !== undefined ? { sku: parsed.sku, locationId: parsed.locationId } : undefined);
  }
}
