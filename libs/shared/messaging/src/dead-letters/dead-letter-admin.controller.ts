// The admin endpoints of a service's dead letters, under /v1/admin/dead-letters, behind the
// service's admin guard: counts by reason, paged lists, one letter, replay (one, or every open
// letter of a reason) and discard. Thin: check the request, call the DeadLetterDesk, map its errors.
// Errors answer { status, code, message, errors } like the rest of the platform's APIs.
import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Param, Post, Query, UseGuards, type CanActivate, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { JsonLogger } from '@ledgerline/runtime';
import { DeadLetterDesk, DeadLetterError, type DeadLetterErrorCode } from './dead-letter-desk';
import { checkRequest, deadLetterListSchema, deadLetterReasonsSchema, discardSchema, replayOneSchema, replayReasonSchema } from './dead-letter-requests';

const STATUS_OF: Record<DeadLetterErrorCode, HttpStatus> = {
  'DEAD_LETTER.NOT_FOUND': HttpStatus.NOT_FOUND,
  'DEAD_LETTER.ALREADY_REPLAYED': HttpStatus.CONFLICT,
  'DEAD_LETTER.DISCARDED': HttpStatus.CONFLICT,
  'DEAD_LETTER.NOT_OPEN': HttpStatus.CONFLICT,
  'DEAD_LETTER.NOT_TEXT': HttpStatus.UNPROCESSABLE_ENTITY,
};

/** The controller class for one service, guarded by its admin guard; the service provides DeadLetterDesk. */
export function deadLetterAdminController(guard: Type<CanActivate>): Type<unknown> {
  @ApiTags('dead letters')
  @ApiBearerAuth()
  @UseGuards(guard)
  @Controller('v1/admin/dead-letters')
  class DeadLetterAdminController {
    private readonly logger = new JsonLogger('DeadLetterAdmin');

    constructor(@Inject(DeadLetterDesk) private readonly desk: DeadLetterDesk) {}

    @Get('reasons')
    @ApiOperation({ summary: 'Dead letters counted by reason code (open ones unless status says otherwise)' })
    @ApiQuery({ name: 'status', required: false, enum: ['open', 'replayed', 'discarded'] })
    reasons(@Query() query: Record<string, unknown>) {
      return this.desk.countsByReason(checked(deadLetterReasonsSchema, query).status);
    }

    @Get()
    @ApiOperation({ summary: 'Dead letters, oldest first, paged: pass `next` of one page as `after` of the next' })
    @ApiQuery({ name: 'status', required: false, enum: ['open', 'replayed', 'discarded'] })
    @ApiQuery({ name: 'reasonCode', required: false })
    @ApiQuery({ name: 'after', required: false })
    @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 50' })
    list(@Query() query: Record<string, unknown>) {
      return this.desk.list(checked(deadLetterListSchema, query));
    }

    @Get(':eventId')
    @ApiOperation({ summary: 'One dead letter: the original record, the reason, and every replay and discard' })
    show(@Param('eventId') eventId: string) {
      return answer(this.desk.show(eventId));
    }

    @Post('replay')
    @HttpCode(HttpStatus.OK)
    @ApiOperation({ summary: 'Replay every open dead letter of one reason, unchanged, once its cause is fixed' })
    @ApiBody({ schema: { type: 'object', required: ['reasonCode', 'by'], properties: { reasonCode: { type: 'string' }, by: { type: 'string' }, note: { type: 'string' } } } })
    async replayReason(@Body() body: unknown) {
      const request = checked(replayReasonSchema, body);
      const outcome = await this.desk.replayReason(request.reasonCode, request);
      this.logger.info('dead letters replayed', { reasonCode: request.reasonCode, by: request.by, ...outcome });
      return outcome;
    }

    @Post(':eventId/replay')
    @HttpCode(HttpStatus.OK)
    @ApiOperation({ summary: 'Replay one dead letter with its key and headers, to its original topic or the replay topic its service routes it to: its original value, or a corrected one' })
    @ApiBody({ schema: { type: 'object', required: ['by'], properties: { by: { type: 'string' }, note: { type: 'string' }, value: { type: 'string' }, force: { type: 'boolean' } } } })
    async replay(@Param('eventId') eventId: string, @Body() body: unknown) {
      const request = checked(replayOneSchema, body);
      const outcome = await answer(this.desk.replay(eventId, request));
      this.logger.info('dead letter replayed', { eventId, by: request.by, edited: outcome.edited, force: request.force === true });
      return outcome;
    }

    @Post(':eventId/discard')
    @HttpCode(HttpStatus.OK)
    @ApiOperation({ summary: 'Discard one open dead letter, recording who and why' })
    @ApiBody({ schema: { type: 'object', required: ['by', 'reason'], properties: { by: { type: 'string' }, reason: { type: 'string' } } } })
    async discard(@Param('eventId') eventId: string, @Body() body: unknown) {
      const request = checked(discardSchema, body);
      await answer(this.desk.discard(eventId, request.by, request.reason));
      this.logger.info('dead letter discarded', { eventId, by: request.by });
      return answer(this.desk.show(eventId));
    }
  }
  return DeadLetterAdminController;
}

function checked<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = checkRequest(schema, input);
  if (result.ok) return result.value;
  const errors = result.errors.map((error) => ({ ...error, code: 'DEAD_LETTER.INVALID_REQUEST' }));
  throw new HttpException({ status: HttpStatus.UNPROCESSABLE_ENTITY, code: 'DEAD_LETTER.INVALID_REQUEST', message: result.message, errors }, HttpStatus.UNPROCESSABLE_ENTITY);
}

async function answer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof DeadLetterError)) throw error;
    const status = STATUS_OF[error.code];
    throw new HttpException({ status, code: error.code, message: error.message, errors: [] }, status);
  }
}
