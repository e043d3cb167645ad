// Root module of the ops dashboard: the snapshot API and stream, the lookups behind the search,
// item and location pages, alert acknowledgements and dead-letter actions, plus health and
// metrics. Its own schema holds its service credentials and the acknowledgements.
import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SCOPES, serviceAccessControllers, serviceAccessProviders, type Scope } from '@ledgerline/auth';
import { OperationsModule, ReadinessRegistry, databaseTimeoutsOf, openServiceDatabase, type DatabaseTimeoutSettings, type ServiceDataSourceOptions } from '@ledgerline/runtime';
import { AlertAcknowledgements } from './alerts/alert-acknowledgements';
import { AlertLog } from './alerts/alert-log';
import { AlertLogPruner } from './alerts/alert-log-pruner';
import { AlertsController } from './alerts/alerts.controller';
import { DASHBOARD_CONFIG, type DashboardConfig } from './config/dashboard.config';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardService } from './dashboard/dashboard.service';
import { DeadLetterActions } from './dead-letters/dead-letter-actions';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { LookupController } from './lookup/lookup.controller';
import { LookupService } from './lookup/lookup.service';
import { OPS_DASHBOARD_MIGRATIONS } from './persistence/migrations';
import { DASHBOARD_GRANTS } from './persistence/dashboard-grants';

/**
 * The scopes the dashboard's own API checks. A viewer holds dashboard:view; an operator holds it
 * with alerts:acknowledge and dead-letters:act.
 */
export const DASHBOARD_SCOPES: readonly Scope[] = [SCOPES.dashboardView, SCOPES.alertsAcknowledge, SCOPES.deadLettersAct, SCOPES.admin];

/** Closes the pool last, after the dashboard's loops stopped. */
@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

export function dashboardDatabaseOptions(config: Pick<DashboardConfig, 'DATABASE_URL' | 'DATABASE_OWNER_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE' | DatabaseTimeoutSettings>): ServiceDataSourceOptions {
  return {
    url: config.DATABASE_URL,
    ownerUrl: config.DATABASE_OWNER_URL,
    schema: config.DATABASE_SCHEMA,
    entities: [],
    migrations: OPS_DASHBOARD_MIGRATIONS,
    grants: DASHBOARD_GRANTS,
    poolSize: config.DATABASE_POOL_SIZE,
    timeouts: databaseTimeoutsOf(config),
    applicationName: 'ops-dashboard',
  };
}

@Module({})
export class OpsDashboardModule {
  static forConfig(config: DashboardConfig): DynamicModule {
    return {
      module: OpsDashboardModule,
      imports: [OperationsModule],
      controllers: [DashboardController, LookupController, AlertsController, DeadLettersController, ...serviceAccessControllers],
      providers: [
        { provide: DASHBOARD_CONFIG, useValue: config },
        {
          provide: DataSource,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const dataSource = await openServiceDatabase(dashboardDatabaseOptions(config));
            readiness.register('postgres', async () => {
              await dataSource.query('SELECT 1');
              return { ready: true };
            });
            return dataSource;
          },
        },
        { provide: AlertAcknowledgements, inject: [DataSource], useFactory: (dataSource: DataSource) => new AlertAcknowledgements(dataSource, config.DATABASE_SCHEMA) },
        { provide: AlertLog, inject: [DataSource], useFactory: (dataSource: DataSource) => new AlertLog(dataSource, config.DATABASE_SCHEMA) },
        AlertLogPruner,
        DashboardService,
        LookupService,
        DeadLetterActions,
        DatabaseCloser,
        ...serviceAccessProviders({ schema: config.DATABASE_SCHEMA, scopes: DASHBOARD_SCOPES, adminApiKey: config.ADMIN_API_KEY }),
      ],
    };
  }
}
