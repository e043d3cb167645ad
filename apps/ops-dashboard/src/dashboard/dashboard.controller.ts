// The page's data: the current snapshot as JSON, and a server-sent event stream that pushes a new
// snapshot every refresh interval. The page itself is served as static files (see public/).
import { Controller, Get, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import type { DashboardSnapshot } from './dashboard-snapshot';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@Controller('api')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('snapshot')
  @ApiOperation({ summary: 'Current picture of the platform: flow, lag, stock, alerts, suggestions, rejections, health, drift' })
  snapshot(): DashboardSnapshot {
    return this.dashboard.current();
  }

  @Sse('events')
  @ApiOperation({ summary: 'Server-sent events: one snapshot message per refresh interval, the current one first' })
  events(): Observable<MessageEvent> {
    return this.dashboard.stream().pipe(map((snapshot) => ({ type: 'snapshot', data: snapshot })));
  }
}
