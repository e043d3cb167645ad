// Root module of the reorder-forecasting service: the database, the SQL and domain pieces wired
// as plain classes, the Kafka intake and relay, the dead-letter archive, the refit schedule and the HTTP API.
import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessGuard, SCOPES, serviceAccessControllers, serviceAccessProviders, withRequiredScope, type Scope } from '@ledgerline/auth';
import { TOPICS } from '@ledgerline/contracts';
import { deadLetterAdminController, deadLetterProviders } from '@ledgerline/messaging';
import { OperationsModule, ReadinessRegistry, databaseTimeoutsOf, openServiceDatabase, type DatabaseTimeoutSettings, type ServiceDataSourceOptions } from '@ledgerline/runtime';
import { FORECASTING_CONFIG, type ForecastingConfig, defaultPolicyOf } from './config/forecasting.config';
import { ForecastFitter } from './forecasting/forecast-fitter';
import { ForecastingQueryService } from './forecasting/forecasting-query.service';
import { ForecastsController, REFIT_RATE_LIMIT } from './forecasting/forecasts.controller';
import { RefitService } from './forecasting/refit.service';
import { StockChangeWriter } from './intake/stock-change-writer';
import { StockIntakeService } from './intake/stock-intake.service';
import { KafkaGateway } from './messaging/kafka-gateway.service';
import { FORECASTING_REPLAY_ROUTES } from './messaging/replay-routes';
import { DaysOfCoverController } from './demand/days-of-cover.controller';
import { DaysOfCoverSql } from './demand/days-of-cover-sql';
import { DemandHistoryController } from './demand/demand-history.controller';
import { DemandHistorySql } from './demand/demand-history-sql';
import { DemandSql } from './persistence/demand-sql';
import { ForecastSql } from './persistence/forecast-sql';
import { REORDER_FORECASTING_MIGRATIONS } from './persistence/migrations';
import { FORECASTING_GRANTS } from './persistence/forecasting-grants';
import { RefitScheduleSql } from './persistence/refit-schedule-sql';
import { SuggestionSql } from './persistence/suggestion-sql';
import { PoliciesController } from './policies/policies.controller';
import { SuggestionEvaluator } from './suggestions/suggestion-evaluator';
import { SuggestionsController } from './suggestions/suggestions.controller';

/** Closes the pool last: consumers, relay and refits stop before it (beforeApplicationShutdown). */
@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Only the database settings: the migrate command needs no other configuration. */
export function forecastingDatabaseOptions(config: Pick<ForecastingConfig, 'DATABASE_URL' | 'DATABASE_OWNER_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE' | DatabaseTimeoutSettings>): ServiceDataSourceOptions {
  return {
    url: config.DATABASE_URL,
    ownerUrl: config.DATABASE_OWNER_URL,
    schema: config.DATABASE_SCHEMA,
    entities: [],
    migrations: REORDER_FORECASTING_MIGRATIONS,
    grants: FORECASTING_GRANTS,
    poolSize: config.DATABASE_POOL_SIZE,
    timeouts: databaseTimeoutsOf(config),
    applicationName: 'reorder-forecasting',
  };
}

/** The scopes the forecasting API checks. */
export const FORECASTING_SCOPES: readonly Scope[] = [SCOPES.forecastRead, SCOPES.policyWrite, SCOPES.forecastRefit, SCOPES.admin];

@Module({})
export class ReorderForecastingModule {
  static forConfig(config: ForecastingConfig): DynamicModule {
    const schema = config.DATABASE_SCHEMA;
    return {
      module: ReorderForecastingModule,
      imports: [OperationsModule],
      controllers: [ForecastsController, PoliciesController, SuggestionsController, DemandHistoryController, DaysOfCoverController, withRequiredScope(deadLetterAdminController(AccessGuard), SCOPES.admin), ...serviceAccessControllers],
      providers: [
        { provide: FORECASTING_CONFIG, useValue: config },
        {
          provide: DataSource,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const dataSource = await openServiceDatabase(forecastingDatabaseOptions(config));
            readiness.register('postgres', async () => {
              await dataSource.query('SELECT 1');
              return { ready: true };
            });
            return dataSource;
          },
        },
        { provide: DemandSql, useValue: new DemandSql(schema) },
        { provide: DemandHistorySql, useValue: new DemandHistorySql(schema) },
        { provide: DaysOfCoverSql, useValue: new DaysOfCoverSql(schema) },
        { provide: ForecastSql, useValue: new ForecastSql(schema) },
        { provide: SuggestionSql, useValue: new SuggestionSql(schema) },
        { provide: RefitScheduleSql, useValue: new RefitScheduleSql(schema) },
        {
          provide: SuggestionEvaluator,
          inject: [ForecastSql, SuggestionSql],
          useFactory: (forecasts: ForecastSql, suggestions: SuggestionSql) =>
            new SuggestionEvaluator(forecasts, suggestions, {
              includeInTransit: config.POSITION_INCLUDES_IN_TRANSIT,
              materialGrowth: config.SUGGESTION_MATERIAL_GROWTH,
            }),
        },
        {
          provide: StockChangeWriter,
          inject: [DataSource, DemandSql, RefitScheduleSql, SuggestionEvaluator],
          useFactory: (dataSource: DataSource, demand: DemandSql, schedule: RefitScheduleSql, evaluator: SuggestionEvaluator) =>
            new StockChangeWriter(dataSource, demand, schedule, evaluator, config.DEMAND_TIME_ZONE),
        },
        {
          provide: ForecastFitter,
          inject: [DataSource, DemandSql, ForecastSql, RefitScheduleSql, SuggestionEvaluator],
          useFactory: (dataSource: DataSource, demand: DemandSql, forecasts: ForecastSql, schedule: RefitScheduleSql, evaluator: SuggestionEvaluator) =>
            new ForecastFitter(dataSource, demand, forecasts, schedule, evaluator, {
              timeZone: config.DEMAND_TIME_ZONE,
              historyDays: config.HISTORY_DAYS,
              horizonDays: config.FORECAST_HORIZON_DAYS,
              holdoutDays: config.HOLDOUT_DAYS,
              defaultPolicy: defaultPolicyOf(config),
              leadTimePriorWeight: config.LEAD_TIME_PRIOR_WEIGHT,
              leadTimeMaxObservations: config.LEAD_TIME_MAX_OBSERVATIONS,
              staleAfterMs: config.REFIT_STALE_AFTER_MS,
            }),
        },
        KafkaGateway,
        RefitService,
        StockIntakeService,
        ForecastingQueryService,
        DatabaseCloser,
        ...deadLetterProviders('reorder-forecasting', TOPICS.forecastingStockChangedDeadLetter, config, FORECASTING_REPLAY_ROUTES),
        ...serviceAccessProviders({
          schema,
          scopes: FORECASTING_SCOPES,
          adminApiKey: config.ADMIN_API_KEY,
          rateLimits: { [REFIT_RATE_LIMIT]: { perSecond: config.REFIT_REQUESTS_PER_MINUTE / 60, burst: config.REFIT_REQUESTS_BURST } },
        }),
      ],
    };
  }
}
