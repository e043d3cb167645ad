// The alerts: the list from the alert log, filtered by type, location and time range and paged
// newest first, each occurrence with its acknowledgement; and acknowledgement, where an operator
// with the alerts:acknowledge scope acknowledges the latest occurrence of an alert the dashboard
// shows or has logged with their name and a note, and the pages then show who and when.
import { Body, Controller, Get, HttpException, HttpStatus, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { alertTypes } from '@ledgerline/contracts';
import { RequireScope, SCOPES, type ServiceCaller } from '@ledgerline/auth';
import { DashboardService } from '../dashboard/dashboard.service';
import { LookupService } from '../lookup/lookup.service';
import { requiredText } from '../http/operator-input';
import { acknowledgementOf } from './alert-acknowledgement';
import { AlertAcknowledgements } from './alert-acknowledgements';
import { alertCursor, alertFilter, encodeAlertCursor } from './alert-filter';
import { AlertLog } from './alert-log';

export const ALERTS_PER_PAGE = 50;

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly log: AlertLog,
    private readonly acknowledgements: AlertAcknowledgements,
    private readonly lookup: LookupService,
  ) {}

  @Get()
  @RequireScope(SCOPES.dashboardView)
  @ApiOperation({ summary: 'The alerts raised, newest first, optionally of one type, at one location and within a time range; one page at a time (pass `next` as `after`)' })
  @ApiQuery({ name: 'type', required: false, enum: alertTypes })
  @ApiQuery({ name: 'location', required: false, description: 'A location code the ledger knows (404 otherwise)' })
  @ApiQuery({ name: 'from', required: false, description: 'Raised at or after this time (ISO-8601)' })
  @ApiQuery({ name: 'to', required: false, description: 'Raised before this time (ISO-8601), later than from' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` of the previous page' })
  async list(@Query() query: Record<string, unknown>) {
    const filter = alertFilter(query);
    // A location the ledger has never held stock at is a mistyped code, not a quiet one.
    if (filter.locationId !== undefined && (await this.lookup.locationKnown(filter.locationId)) === false) {
      throw new NotFoundException({ code: 'DASHBOARD.UNKNOWN_LOCATION', message: `No balances recorded at ${filter.locationId}: no such location` });
    }
    const page = await this.log.page(filter, alertCursor(query['after']), ALERTS_PER_PAGE);
    const acknowledged = await this.acknowledgements.latestOf([...new Set(page.items.map((alert) => alert.alertId))]);
    return {
      perPage: ALERTS_PER_PAGE,
      items: page.items.map((alert) => ({ ...alert, acknowledgement: acknowledgementOf(alert, acknowledged.get(alert.alertId)) })),
      next: page.next === null ? null : encodeAlertCursor(page.next),
    };
  }

  @Post(':alertId/acknowledgement')
  @RequireScope(SCOPES.alertsAcknowledge)
  @ApiOperation({ summary: 'Acknowledge the latest occurrence of an alert the dashboard shows or has logged, with a note; a later occurrence shows again' })
  @ApiBody({ schema: { type: 'object', required: ['by', 'note'], properties: { by: { type: 'string' }, note: { type: 'string' } } } })
  async acknowledge(@Param('alertId') alertId: string, @Body() body: unknown, @Req() request: { serviceCaller?: ServiceCaller }) {
    const by = requiredText(body, 'by', 200);
    const note = requiredText(body, 'note', 2_000);
    const acknowledgement = await this.dashboard.acknowledge(alertId, by, request.serviceCaller?.keyId ?? 'unknown', note, (id) => this.log.latestRaisedAt(id));
    if (acknowledgement === undefined) {
      throw new HttpException({ code: 'DASHBOARD.ALERT_NOT_FOUND', message: `No alert ${JSON.stringify(alertId.slice(0, 200))} is among the alerts the dashboard shows or has logged` }, HttpStatus.NOT_FOUND);
    }
    return acknowledgement;
  }
}
