// HTTP side of availability across locations (OpenAPI at /docs): what a SKU can promise a channel
// at each location and in all, and a reservation that picks its locations. Thin: parse, delegate,
// answer refusals with their field and reason.
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { skuSchema } from '@ledgerline/contracts';
import { ReservationError, checkLocationList } from '@ledgerline/inventory-domain';
import { channelSchema, locationListSchema, regionSchema, reserveAcrossLocationsBodySchema } from './availability-body.schema';
import { AvailabilityService } from './availability.service';
import { idempotencyKeySchema, parse, refusalsAsHttp } from './reservation-refusals.http';

@ApiTags('reservations')
@ApiBearerAuth()
@Controller('v1')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get('availability/:sku')
  @RequireScope(SCOPES.stockRead, SCOPES.reservationWrite)
  @ApiOperation({ summary: "Available to promise of a SKU for a channel at each location (on hand - reserved - the channel's safety buffer) and in all" })
  @ApiQuery({ name: 'channel', required: false, description: "Sales channel whose safety buffers are kept back; default 'default'" })
  @ApiQuery({ name: 'locations', required: false, description: 'Comma-separated location ids; absent (and no region): every location holding the SKU' })
  @ApiQuery({ name: 'region', required: false, description: "A region of the catalog's locations instead of a list (404 RESERVATION.UNKNOWN_REGION when it has no active location)" })
  get(@Param('sku') sku: string, @Query('channel') channel?: string, @Query('locations') locations?: string, @Query('region') region?: string) {
    const locationList = locations === undefined ? undefined : parse(locationListSchema, locations, 'locations');
    const regionName = region === undefined ? undefined : parse(regionSchema, region, 'region');
    const request = { sku: parse(skuSchema, sku, 'sku'), channel: parse(channelSchema, channel ?? 'default', 'channel') };
    return refusalsAsHttp(async () => {
      oneWayOfNamingLocations(locationList, regionName);
      if (locationList !== undefined) checkLocationList(locationList);
      return this.availability.availableToPromise(request.sku, request.channel, { locations: locationList, region: regionName });
    });
  }

  @Post('reservations/across-locations')
  @HttpCode(201)
  @RequireScope(SCOPES.reservationWrite)
  @ApiOperation({ summary: 'Reserve a quantity of one SKU from the locations the rule picks, each taken location its own reservation; all or nothing unless partial (409 RESERVATION.INSUFFICIENT_AVAILABLE with the figure)' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'The same key and body answer the same grants; the same key with another body is 409' })
  @ApiBody({ schema: z.toJSONSchema(reserveAcrossLocationsBodySchema, { io: 'input' }) as Record<string, unknown> })
  reserve(@Headers('idempotency-key') key: string | undefined, @Body() body: unknown) {
    const idempotencyKey = parse(idempotencyKeySchema, key, 'Idempotency-Key');
    const { expiresAt, locations, region, ...request } = parse(reserveAcrossLocationsBodySchema, body ?? {}, 'body');
    return refusalsAsHttp(() => {
      return this.availability.reserveAcrossLocations(idempotencyKey, {
        ...request,
        ...(locations === undefined ? {} : { locations }),
        ...(region === undefined ? {} : { region }),
        ...(expiresAt === undefined ? {} : { expiresAt: Date.parse(expiresAt) }),
      });
    });
  }
}

/** A list of locations or a region, not both: which one was meant cannot be guessed. */
function oneWayOfNamingLocations(locations: readonly string[] | undefined, region: string | undefined): void {
  if (locations !== undefined && region !== undefined) {
    throw new ReservationError('RESERVATION.INVALID_REQUEST', 'name the locations or a region, not both', 'region');
  }
}
