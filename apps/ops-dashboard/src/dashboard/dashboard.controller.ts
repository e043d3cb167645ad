// The page's data: the current snapshot as JSON, and a server-sent event stream that pushes the
// snapshot whenever it changed and a heartbeat while it does not. The page itself is served as
// static files (see public/).
import { Controller, Get, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import type { DashboardSnapshot } from './dashboard-snapshot';
import { DashboardService } from './dashboard.service';
import { RequireScope, SCOPES } from '@ledgerline/auth';

@RequireScope(SCOPES.dashboardView)
@ApiBearerAuth()
@ApiTags('dashboard')
@Controller('api')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('snapshot')
  @ApiOperation({ summary: 'Current picture of the platform: flow, lag, stock, alerts, suggestions, rejections, health, drift' })
  snapshot(): Promise<DashboardSnapshot> {
    return this.dashboard.current();
  }

  @Sse('events')
  @ApiOperation({ summary: "Server-sent events: 'snapshot' (the current one first, then whenever it changed) and 'heartbeat' ({ generatedAt }) while nothing changes" })
  events(): Observable<MessageEvent> {
    return this.dashboard.stream().pipe(map((update) => ({ type: update.type, data: update.data })));
  }
}
