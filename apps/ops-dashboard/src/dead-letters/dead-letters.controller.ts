// The dashboard's dead-letter actions, behind the dead-letters:act scope: the open letters of a
// service and reason, one letter, its replay and its discard, each through the owning service
// (DeadLetterActions). Thin: check the input, forward.
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES, type ServiceCaller } from '@ledgerline/auth';
import { DeadLetterActions, type Operator } from './dead-letter-actions';
import { optionalText, requiredText } from '../http/operator-input';

type ActingRequest = { serviceCaller?: ServiceCaller };

@ApiTags('dead letters')
@ApiBearerAuth()
@RequireScope(SCOPES.deadLettersAct)
@Controller('api/dead-letters')
export class DeadLettersController {
  constructor(private readonly actions: DeadLetterActions) {}

  @Get(':service')
  @ApiOperation({ summary: "A service's open dead letters, oldest first, paged (pass `next` as `after`)" })
  @ApiQuery({ name: 'reasonCode', required: false })
  @ApiQuery({ name: 'after', required: false })
  list(@Param('service') service: string, @Query() query: Record<string, unknown>) {
    const text = (field: string) => optionalText(query, field, 200);
    return this.actions.list(service, { reasonCode: text('reasonCode'), after: text('after'), limit: 50 });
  }

  @Get(':service/:eventId')
  @ApiOperation({ summary: 'One dead letter: the original record, the reason, and every replay and discard' })
  show(@Param('service') service: string, @Param('eventId') eventId: string) {
    return this.actions.show(service, eventId);
  }

  @Post(':service/:eventId/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Replay one dead letter, unchanged, where its service replays it (its original topic, or its own replay topic) once its cause is fixed' })
  @ApiBody({ schema: { type: 'object', required: ['by'], properties: { by: { type: 'string' }, note: { type: 'string' } } } })
  replay(@Param('service') service: string, @Param('eventId') eventId: string, @Body() body: unknown, @Req() request: ActingRequest) {
    return this.actions.replay(service, eventId, operatorOf(body, request), optionalText(body, 'note', 2_000));
  }

  @Post(':service/:eventId/discard')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Discard one open dead letter with a reason' })
  @ApiBody({ schema: { type: 'object', required: ['by', 'reason'], properties: { by: { type: 'string' }, reason: { type: 'string' } } } })
  discard(@Param('service') service: string, @Param('eventId') eventId: string, @Body() body: unknown, @Req() request: ActingRequest) {
    return this.actions.discard(service, eventId, operatorOf(body, request), requiredText(body, 'reason', 2_000));
  }
}

function operatorOf(body: unknown, request: ActingRequest): Operator {
  return { name: requiredText(body, 'by', 200), keyId: request.serviceCaller?.keyId ?? 'unknown' };
}
