// Alert acknowledgement: an operator with the alerts:acknowledge scope acknowledges the latest
// occurrence of a shown alert with their name and a note; the page then shows who and when.
import { Body, Controller, HttpException, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES, type ServiceCaller } from '@ledgerline/auth';
import { DashboardService } from '../dashboard/dashboard.service';
import { requiredText } from '../http/operator-input';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly dashboard: DashboardService) {}

  @Post(':alertId/acknowledgement')
  @RequireScope(SCOPES.alertsAcknowledge)
  @ApiOperation({ summary: 'Acknowledge the latest occurrence of an alert shown on the dashboard, with a note; a later occurrence shows again' })
  @ApiBody({ schema: { type: 'object', required: ['by', 'note'], properties: { by: { type: 'string' }, note: { type: 'string' } } } })
  async acknowledge(@Param('alertId') alertId: string, @Body() body: unknown, @Req() request: { serviceCaller?: ServiceCaller }) {
    const by = requiredText(body, 'by', 200);
    const note = requiredText(body, 'note', 2_000);
    const acknowledgement = await this.dashboard.acknowledge(alertId, by, request.serviceCaller?.keyId ?? 'unknown', note);
    if (acknowledgement === undefined) {
      throw new HttpException({ code: 'DASHBOARD.ALERT_NOT_FOUND', message: `No alert ${JSON.stringify(alertId.slice(0, 200))} is among the recent alerts the dashboard shows` }, HttpStatus.NOT_FOUND);
    }
    return acknowledgement;
  }
}
