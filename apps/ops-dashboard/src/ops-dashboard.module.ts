// Root module of the ops dashboard: the snapshot API and stream, the lookups behind the search,
// item and location pages, plus health and metrics.
import { Module, type DynamicModule } from '@nestjs/common';
import { OperationsModule } from '@ledgerline/runtime';
import { DASHBOARD_CONFIG, type DashboardConfig } from './config/dashboard.config';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardService } from './dashboard/dashboard.service';
import { LookupController } from './lookup/lookup.controller';
import { LookupService } from './lookup/lookup.service';

@Module({})
export class OpsDashboardModule {
  static forConfig(config: DashboardConfig): DynamicModule {
    return {
      module: OpsDashboardModule,
      imports: [OperationsModule],
      controllers: [DashboardController, LookupController],
      providers: [{ provide: DASHBOARD_CONFIG, useValue: config }, DashboardService, LookupService],
    };
  }
}
