// HTTP side of reservations (OpenAPI at /docs). Thin: parse, delegate, map the domain's refusals
// to their status with the field and the reason.
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { locationIdSchema, skuSchema } from '@ledgerline/contracts';
import { channelSchema, extendBodySchema, fulfilBodySchema, reserveBodySchema, safetyBufferBodySchema } from './reservation-body.schema';
import { parseLimit, parsePositive } from '../query/query-parameters';
import { ReservationService } from './reservation.service';
import { idempotencyKeySchema, parse, refusalsAsHttp } from './reservation-refusals.http';

@ApiTags('reservations')
@ApiBearerAuth()
@RequireScope(SCOPES.reservationWrite)
@Controller('v1')
export class ReservationsController {
  constructor(private readonly reservations: ReservationService) {}

  @Post('reservations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reserve one or many lines: all or nothing (409 RESERVATION.INSUFFICIENT_AVAILABLE with the figure), or each line on its own with partial' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'The same key and body answer the same grants; the same key with another body is 409' })
  @ApiBody({ schema: z.toJSONSchema(reserveBodySchema, { io: 'input' }) as Record<string, unknown> })
  reserve(@Headers('idempotency-key') key: string | undefined, @Body() body: unknown) {
    const idempotencyKey = parse(idempotencyKeySchema, key, 'Idempotency-Key');
    const request = parse(reserveBodySchema, body ?? {}, 'body');
    return refusalsAsHttp(() =>
      this.reservations.reserve(idempotencyKey, { ...request, expiresAt: request.expiresAt === undefined ? undefined : Date.parse(request.expiresAt) }),
    );
  }

  @Get('reservations/:reservationId')
  @RequireScope(SCOPES.reservationWrite, SCOPES.stockRead)
  @ApiOperation({ summary: 'One reservation: what it holds, what was taken, its status and expiry' })
  get(@Param('reservationId') reservationId: string) {
    return refusalsAsHttp(() => this.reservations.get(reservationId));
  }

  @Get('stock/:sku/:locationId/reservation-events')
  @RequireScope(SCOPES.stockRead)
  @ApiOperation({ summary: "The key's reservation events (granted, extended, released, expired, fulfilled, consumed by a movement), newest first, with reserved and on hand after each" })
  @ApiQuery({ name: 'limit', required: false, description: '1..500, default 100' })
  @ApiQuery({ name: 'beforeSeq', required: false, description: 'Events before this one (the last eventSeq of the previous page)' })
  events(@Param('sku') sku: string, @Param('locationId') locationId: string, @Query('limit') limit?: string, @Query('beforeSeq') beforeSeq?: string) {
    return this.reservations.events(sku, locationId, parseLimit(limit, 500, 100), beforeSeq === undefined ? undefined : parsePositive(beforeSeq, 'beforeSeq'));
  }

  @Post('reservations/:reservationId/extend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the expiry of an open reservation' })
  @ApiBody({ schema: z.toJSONSchema(extendBodySchema) as Record<string, unknown> })
  extend(@Param('reservationId') reservationId: string, @Body() body: unknown) {
    const { expiresAt } = parse(extendBodySchema, body ?? {}, 'body');
    return refusalsAsHttp(() => this.reservations.extend(reservationId, Date.parse(expiresAt)));
  }

  @Post('reservations/:reservationId/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give back what an open reservation still holds' })
  release(@Param('reservationId') reservationId: string) {
    return refusalsAsHttp(() => this.reservations.release(reservationId));
  }

  @Post('reservations/:reservationId/fulfil')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that units of an open reservation left (all it holds by default); a sale or shipment naming it does this itself' })
  @ApiBody({ schema: z.toJSONSchema(fulfilBodySchema) as Record<string, unknown> })
  fulfil(@Param('reservationId') reservationId: string, @Body() body: unknown) {
    const { quantity } = parse(fulfilBodySchema, body ?? {}, 'body');
    return refusalsAsHttp(() => this.reservations.fulfil(reservationId, quantity));
  }

  @Put('safety-buffers/:locationId/:channel/:sku')
  @RequireScope(SCOPES.admin)
  @ApiOperation({ summary: "Units a location keeps back from a channel for one SKU, or for every SKU without its own (sku '*')" })
  @ApiBody({ schema: z.toJSONSchema(safetyBufferBodySchema) as Record<string, unknown> })
  async setSafetyBuffer(@Param('locationId') locationId: string, @Param('channel') channel: string, @Param('sku') sku: string, @Body() body: unknown) {
    const buffer = {
      locationId: parse(locationIdSchema, locationId, 'locationId'),
      channel: parse(channelSchema, channel, 'channel'),
      sku: sku === '*' ? sku : parse(skuSchema, sku, 'sku'),
      quantity: parse(safetyBufferBodySchema, body ?? {}, 'body').quantity,
    };
    await this.reservations.setSafetyBuffer(buffer);
    return buffer;
  }
}
