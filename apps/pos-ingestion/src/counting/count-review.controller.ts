// The reviewers' side of cycle counting (scope counts:review, which does not count): a list with
// its book figures and why each item was chosen, the decision on a count held for approval; and,
// for reviewers and the operators' view (counts:read), a location's list of a day without book or
// counted figures (count-list-view.ts says why) and its record accuracy over time.
import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES, type ServiceCaller } from '@ledgerline/auth';
import { accuracyPercent } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import type { HttpRequest } from '../http/http-types';
import { problemOpenApi } from '../movements/store-operations.openapi';
import { countListId, dayFromIsoDate, isoDateOf } from './count-days';
import { CountingError } from './count-errors';
import type { CountItemRow } from './count-list-sql';
import { counterKeyIds, countListView, type CountListView } from './count-list-view';
import { answerCounting } from './counting-problem';
import { CountingRuntime } from './counting-runtime';
import { countListViewOpenApi, countReviewOpenApi, recordAccuracyOpenApi, reviewedItemOpenApi } from './counting.openapi';

const MAX_ACCURACY_DAYS = 366;
const DECISIONS = { approve: 'approve', reject: 'reject', recount: 'recount' } as const;

type ReviewRequest = HttpRequest & { serviceCaller?: ServiceCaller };

@ApiTags('cycle counting')
@ApiBearerAuth()
@RequireScope(SCOPES.countsReview)
@ApiResponse({ status: 401, description: 'Missing, unknown or revoked credential', schema: problemOpenApi })
@ApiResponse({ status: 403, description: 'A credential without counts:review (store keys never have it)', schema: problemOpenApi })
@Controller('v1')
export class CountReviewController {
  private readonly logger = new JsonLogger('CountReviewController');

  constructor(@Inject(CountingRuntime) private readonly counting: CountingRuntime) {}

  @Get('count-lists/:listId/review')
  @ApiOperation({ summary: 'A count list with the book, first count, recount, tolerance and reasons of each item' })
  @ApiParam({ name: 'listId' })
  @ApiResponse({ status: 200, schema: countReviewOpenApi })
  @ApiResponse({ status: 404, description: 'No such list (COUNTS.UNKNOWN_LIST)', schema: problemOpenApi })
  async review(@Param('listId') listId: string): Promise<{ listId: string; locationId: string; day: string; items: CountItemRow[] }> {
    return answerCounting(
      async () => {
        const { list, items } = await this.counting.taking.listOf(listId);
        return { listId: list.listId, locationId: list.locationId, day: isoDateOf(list.countDay), items };
      },
      this.logger,
      { listId },
    );
  }

  @Post('count-lists/:listId/items/:sku/:decision')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decide a count held for approval: approve (posted as its count movement), reject (not posted), or recount (counted again)' })
  @ApiParam({ name: 'listId' })
  @ApiParam({ name: 'sku' })
  @ApiParam({ name: 'decision', enum: Object.keys(DECISIONS) })
  @ApiResponse({ status: 200, description: 'The item after the decision', schema: reviewedItemOpenApi })
  @ApiResponse({ status: 404, description: 'No such list (COUNTS.UNKNOWN_LIST) or decision', schema: problemOpenApi })
  @ApiResponse({ status: 409, description: 'The item is not awaiting approval (COUNTS.NOT_AWAITING_APPROVAL)', schema: problemOpenApi })
  @ApiResponse({ status: 422, description: 'A SKU not on the list (COUNTS.UNKNOWN_SKU)', schema: problemOpenApi })
  async decide(@Req() request: ReviewRequest, @Param('listId') listId: string, @Param('sku') sku: string, @Param('decision') decision: string): Promise<CountItemRow> {
    const keyId = request.serviceCaller?.keyId ?? 'unknown';
    return answerCounting(
      async () => {
        if (!Object.hasOwn(DECISIONS, decision)) throw new CountingError('COUNTS.UNKNOWN_LIST', `No decision ${decision.slice(0, 40)}: approve, reject or recount`, 'decision');
        const item = await this.counting.taking.review(listId, sku, DECISIONS[decision as keyof typeof DECISIONS], keyId);
        this.logger.info('held count reviewed', { listId, sku, decision, keyId });
        return item;
      },
      this.logger,
      { keyId, listId },
    );
  }

  @Get('locations/:locationId/count-lists/:day')
  @RequireScope(SCOPES.countsReview, SCOPES.countsRead)
  @ApiOperation({ summary: "A location's count list of a day as made (never made here): why each item is listed, its status, who counted, recounted and reviewed it; no book or counted figure" })
  @ApiParam({ name: 'locationId' })
  @ApiParam({ name: 'day', description: 'ISO date (UTC), e.g. 2026-12-06' })
  @ApiResponse({ status: 200, schema: countListViewOpenApi })
  @ApiResponse({ status: 404, description: 'No list made for the location on that day (COUNTS.UNKNOWN_LIST)', schema: problemOpenApi })
  @ApiResponse({ status: 422, description: 'An invalid day (COUNTS.INVALID_DAY)', schema: problemOpenApi })
  async listOfDay(@Param('locationId') locationId: string, @Param('day') dayText: string): Promise<CountListView> {
    return answerCounting(
      async () => {
        const day = dayFromIsoDate(dayText, 'day');
        const list = await this.counting.lists.findList(countListId(locationId, day));
        if (!list) throw new CountingError('COUNTS.UNKNOWN_LIST', `No count list made for ${locationId.slice(0, 80)} on ${dayText}`, 'day');
        const items = await this.counting.lists.itemsOf(list.listId);
        return countListView(list, items, await this.counting.lists.labelsOf(counterKeyIds(items)));
      },
      this.logger,
      { locationId },
    );
  }

  @Get('locations/:locationId/record-accuracy')
  @RequireScope(SCOPES.countsReview, SCOPES.countsRead)
  @ApiOperation({ summary: 'Inventory record accuracy of a location per day: items counted, how many the book had within tolerance, and the share' })
  @ApiParam({ name: 'locationId' })
  @ApiQuery({ name: 'from', description: 'First day (ISO date, UTC)' })
  @ApiQuery({ name: 'to', description: `Last day, at most ${MAX_ACCURACY_DAYS} days after from` })
  @ApiResponse({ status: 200, schema: recordAccuracyOpenApi })
  @ApiResponse({ status: 422, description: 'A missing or invalid day, or a range too long (COUNTS.INVALID_DAY)', schema: problemOpenApi })
  async recordAccuracy(@Param('locationId') locationId: string, @Query('from') from?: string, @Query('to') to?: string) {
    return answerCounting(
      async () => {
        const fromDay = dayFromIsoDate(from ?? '', 'from');
        const toDay = dayFromIsoDate(to ?? '', 'to');
        if (toDay < fromDay || toDay - fromDay >= MAX_ACCURACY_DAYS) throw new CountingError('COUNTS.INVALID_DAY', `to must be on or after from and within ${MAX_ACCURACY_DAYS} days of it`, 'to');
        const days = await this.counting.lists.accuracyOf(locationId, fromDay, toDay);
        const counted = days.reduce((sum, day) => sum + day.counted, 0);
        const accurate = days.reduce((sum, day) => sum + day.accurate, 0);
        return {
          locationId,
          days: days.map((day) => ({ day: isoDateOf(day.day), counted: day.counted, accurate: day.accurate, accuracyPercent: accuracyPercent(day.accurate, day.counted) })),
          total: { counted, accurate, accuracyPercent: accuracyPercent(accurate, counted) },
        };
      },
      this.logger,
      { locationId },
    );
  }
}
