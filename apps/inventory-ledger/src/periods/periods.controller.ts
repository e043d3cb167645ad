// HTTP side of closed periods (OpenAPI at /docs): close the books through a day, and see the day
// they are closed through with the closes made. Thin: parse, delegate.
import { BadRequestException, Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireScope, SCOPES, type ServiceCaller } from '@ledgerline/auth';
import { closeBodySchema } from './period-close-body.schema';
import { LISTED_CLOSES, PeriodsService } from './periods.service';

const closeOpenApi = {
  type: 'object',
  properties: {
    closeSeq: { type: 'string' },
    through: { type: 'string', format: 'date' },
    previousThrough: { type: 'string', format: 'date', nullable: true },
    reason: { type: 'string' },
    closedBy: { type: 'string', description: 'the key id of the credential that closed' },
    closedAt: { type: 'string', format: 'date-time' },
  },
};

const listedCloseOpenApi = {
  ...closeOpenApi,
  properties: {
    ...closeOpenApi.properties,
    closingInventory: {
      type: 'object',
      description: 'the closing inventory of the close (GET /v1/reports/closing-inventory): ready once built; keysDone of about keysTotal keys read by its build',
      properties: { ready: { type: 'boolean' }, keysDone: { type: 'integer' }, keysTotal: { type: 'integer', nullable: true } },
    },
  },
};

@ApiTags('valuation')
@ApiBearerAuth()
@Controller('v1/periods')
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Post('close')
  @HttpCode(201)
  @RequireScope(SCOPES.periodsClose)
  @ApiOperation({
    summary:
      'Close the books through a day (UTC): no figure of a day up to it changes after; a movement dated in a closed period is booked on the first open day, a valuation method change dated in one is refused. Not reversible.',
  })
  @ApiBody({ schema: z.toJSONSchema(closeBodySchema, { io: 'input' }) as Record<string, unknown> })
  @ApiResponse({ status: 201, description: 'The close recorded', schema: closeOpenApi })
  @ApiResponse({ status: 400, description: 'LEDGER.INVALID_REQUEST: a field, named in errors[].path, with the reason' })
  @ApiResponse({ status: 409, description: 'LEDGER.PERIOD_ALREADY_CLOSED (through on or before the day closed through) or LEDGER.PERIOD_NOT_ENDED (through is today or later, UTC)' })
  close(@Body() body: unknown, @Req() request: { serviceCaller?: ServiceCaller }) {
    const { through, reason } = parseBody(body);
    return this.periods.close(through, reason, request.serviceCaller?.keyId ?? 'unknown');
  }

  @Get()
  @RequireScope(SCOPES.periodsClose, SCOPES.valuationRead)
  @ApiOperation({ summary: `The day the books are closed through (null: never) and the closes, newest first (at most ${LISTED_CLOSES}), each with whether its closing inventory is ready` })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { closedThrough: { type: 'string', format: 'date', nullable: true }, closes: { type: 'array', items: listedCloseOpenApi } } } })
  list() {
    return this.periods.periods();
  }
}

function parseBody(body: unknown) {
  const result = closeBodySchema.safeParse(body ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || 'body', message: issue.message }));
  throw new BadRequestException({ code: 'LEDGER.INVALID_REQUEST', message: errors.map((error) => `${error.path} ${error.message}`).join('; '), errors });
}
