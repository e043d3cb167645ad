// HTTP side of a location's shrinkage by reason (OpenAPI at /docs). Thin: parse, delegate, map not-found.
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { invalidQuery, parseTime } from '../query/query-parameters';
import { ShrinkageService } from './shrinkage.service';

/** The longest period one question may cover: a year and a day. */
const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

@ApiTags('lookup')
@ApiBearerAuth()
@RequireScope(SCOPES.stockRead)
@Controller('v1')
export class ShrinkageController {
  constructor(private readonly shrinkage: ShrinkageService) {}

  @Get('locations/:locationId/shrinkage')
  @ApiOperation({ summary: "A location's adjustments in a period summed by reason code (write-offs, losses, count variances, finds): units removed and added, net quantity and value" })
  @ApiQuery({ name: 'from', required: true, description: 'Start of the period (ISO-8601), included; by business time' })
  @ApiQuery({ name: 'to', required: true, description: `End of the period (ISO-8601), excluded; at most ${MAX_PERIOD_DAYS} days after from` })
  async byReason(@Param('locationId') locationId: string, @Query('from') from?: string, @Query('to') to?: string) {
    if (from === undefined) throw invalidQuery('from', 'is required: the start of the period');
    if (to === undefined) throw invalidQuery('to', 'is required: the end of the period');
    const start = parseTime(from, 'from');
    const end = parseTime(to, 'to');
    if (end.getTime() <= start.getTime()) throw invalidQuery('to', 'must be later than from');
    if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * DAY_MS) throw invalidQuery('to', `must be at most ${MAX_PERIOD_DAYS} days after from`);
    const shrinkage = await this.shrinkage.byReason(locationId, start, end);
    if (!shrinkage) throw new NotFoundException({ code: 'LEDGER.UNKNOWN_LOCATION', message: `No balances recorded at ${locationId}` });
    return shrinkage;
  }
}
