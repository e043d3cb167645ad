// The counters' side of cycle counting: a location's list for a day (made once), the list, and
// counted quantities. Store staff with their store's store-operations key, or a service credential
// with movements:write for any location. Blind: no answer here carries a book quantity.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopeOrOwnGuard, SCOPES } from '@ledgerline/auth';
import { JsonLogger } from '@ledgerline/runtime';
import { parsed } from '../http/parse-body';
import { requireJsonBody } from '../http/require-json-body';
import { problemOpenApi } from '../movements/store-operations.openapi';
import { MovementCallerGuard, movementCallerOf, type MovementRequest } from '../movements/movement-caller.guard';
import { dayFromIsoDate, isoDateOf } from './count-days';
import type { CountItemRow, CountListRow } from './count-list-sql';
import type { CountLineStatus } from './count-taking';
import { answerCounting } from './counting-problem';
import { CountingRuntime } from './counting-runtime';
import { countAnswerOpenApi, countListOpenApi, countSubmissionOpenApi } from './counting.openapi';
import { countSubmissionSchema } from './counting.schema';

const COUNTER = 'store-operations key (pk_) of the store, or a service credential with movements:write';

export interface BlindCountList {
  listId: string;
  locationId: string;
  day: string;
  items: Array<{ sku: string; status: CountItemRow['status'] }>;
}

@ApiTags('cycle counting')
@ApiBearerAuth()
@RequireScopeOrOwnGuard(SCOPES.movementsWrite, COUNTER)
@UseGuards(MovementCallerGuard)
@ApiResponse({ status: 401, description: 'Missing, unknown or revoked credential', schema: problemOpenApi })
@ApiResponse({ status: 403, description: "A till's key, or another store's location (MOVEMENTS.STORE_MISMATCH)", schema: problemOpenApi })
@ApiResponse({ status: 503, description: 'Not stored or not acknowledged by Kafka in time; retry unchanged', schema: problemOpenApi })
@Controller('v1')
export class CountingController {
  private readonly logger = new JsonLogger('CountingController');

  constructor(@Inject(CountingRuntime) private readonly counting: CountingRuntime) {}

  @Post('locations/:locationId/count-lists/:day')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "The location's cycle-count list for a day, made on the first request and the same afterwards: riskiest first, within the daily budget, every item within its class's cycle" })
  @ApiParam({ name: 'locationId' })
  @ApiParam({ name: 'day', description: 'ISO date (UTC), e.g. 2026-12-06' })
  @ApiResponse({ status: 200, schema: countListOpenApi })
  @ApiResponse({ status: 422, description: 'An invalid day (COUNTS.INVALID_DAY) or an unregistered location (MOVEMENTS.UNKNOWN_LOCATION)', schema: problemOpenApi })
  async listForDay(@Req() request: MovementRequest, @Param('locationId') locationId: string, @Param('day') dayText: string): Promise<BlindCountList> {
    const caller = movementCallerOf(request);
    return answerCounting(
      async () => {
        const list = await this.counting.listMaker.listFor(locationId, dayFromIsoDate(dayText, 'day'), caller);
        return blindList(list, await this.counting.lists.itemsOf(list.listId));
      },
      this.logger,
      { keyId: caller.keyId, locationId },
    );
  }

  @Get('count-lists/:listId')
  @ApiOperation({ summary: 'A count list and where each item stands (open, recount, awaiting-approval, posted, rejected); no book figures' })
  @ApiParam({ name: 'listId' })
  @ApiResponse({ status: 200, schema: countListOpenApi })
  @ApiResponse({ status: 404, description: 'No such list (COUNTS.UNKNOWN_LIST)', schema: problemOpenApi })
  async list(@Req() request: MovementRequest, @Param('listId') listId: string): Promise<BlindCountList> {
    const caller = movementCallerOf(request);
    return answerCounting(
      async () => {
        const { list, items } = await this.counting.taking.listOf(listId, caller);
        return blindList(list, items);
      },
      this.logger,
      { keyId: caller.keyId, listId },
    );
  }

  @Post('count-lists/:listId/counts')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Counted quantities for items of the list, all or nothing. Within the recount limits a count is posted (count movement `count:<listId>:<sku>`); beyond them the item asks for a recount; a recount beyond the approval limits waits for a reviewer',
  })
  @ApiParam({ name: 'listId' })
  @ApiBody({ schema: countSubmissionOpenApi })
  @ApiResponse({ status: 200, description: 'What became of each line, in order', schema: countAnswerOpenApi })
  @ApiResponse({ status: 404, description: 'No such list (COUNTS.UNKNOWN_LIST)', schema: problemOpenApi })
  @ApiResponse({ status: 409, description: 'An item already decided counted again with another quantity (COUNTS.ALREADY_DECIDED), or counted by another request meanwhile', schema: problemOpenApi })
  @ApiResponse({ status: 415, description: 'Body not sent as application/json', schema: problemOpenApi })
  @ApiResponse({ status: 422, description: 'A SKU not on the list (COUNTS.UNKNOWN_SKU), a negative or fractional quantity, a SKU twice (INTAKE.VALIDATION_FAILED)', schema: problemOpenApi })
  async submit(@Req() request: MovementRequest, @Param('listId') listId: string, @Body() body: unknown): Promise<{ listId: string; lines: Array<{ sku: string; status: CountLineStatus }> }> {
    requireJsonBody(request);
    const { lines } = parsed(countSubmissionSchema, body);
    const caller = movementCallerOf(request);
    return answerCounting(async () => ({ listId, lines: await this.counting.taking.submit(listId, lines, caller) }), this.logger, { keyId: caller.keyId, listId });
  }
}

function blindList(list: CountListRow, items: readonly CountItemRow[]): BlindCountList {
  return { listId: list.listId, locationId: list.locationId, day: isoDateOf(list.countDay), items: items.map((item) => ({ sku: item.sku, status: item.status })) };
}
