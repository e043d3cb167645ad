// Root module of the pos-ingestion service.
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { OperationsModule, ReadinessRegistry, databaseTimeoutsOf, openServiceDatabase, type DatabaseTimeoutSettings, type ServiceDataSourceOptions } from '@ledgerline/runtime';
import { TOPICS } from '@ledgerline/contracts';
import { deadLetterAdminController, deadLetterProviders } from '@ledgerline/messaging';
import { AccessGuard, SCOPES, withRequiredScope, serviceAccessControllers, serviceAccessProviders, type Scope } from '@ledgerline/auth';
import { AdminController } from './admin/admin.controller';
import { PosApiKeyGuard } from './auth/pos-api-key.guard';
import { POS_INGESTION_CONFIG, type PosIngestionConfig } from './config/pos-ingestion.config';
import { ProblemFilter } from './http/problem.filter';
import { RequestDrain } from './http/request-drain';
import { TransactionsController } from './http/transactions.controller';
import { MovementCallerGuard } from './movements/movement-caller.guard';
import { MovementsController } from './movements/movements.controller';
import { ImportsController } from './imports/imports.controller';
import { CountingController } from './counting/counting.controller';
import { CountReviewController } from './counting/count-review.controller';
import { CountingRuntime } from './counting/counting-runtime';
import { LedgerTransfersRuntime } from './transfers/ledger-transfers-runtime';
import { IntakeRuntime } from './intake/intake-runtime';
import { POS_INGESTION_MIGRATIONS } from './persistence/migrations';
import { POS_INGESTION_GRANTS } from './persistence/pos-ingestion-grants';

/** Only the database settings: the migrate command needs no other configuration. */
export function posIngestionDatabaseOptions(config: Pick<PosIngestionConfig, 'DATABASE_URL' | 'DATABASE_OWNER_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE' | DatabaseTimeoutSettings>): ServiceDataSourceOptions {
  return {
    url: config.DATABASE_URL,
    ownerUrl: config.DATABASE_OWNER_URL,
    schema: config.DATABASE_SCHEMA,
    entities: [],
    migrations: POS_INGESTION_MIGRATIONS,
    grants: POS_INGESTION_GRANTS,
    poolSize: config.DATABASE_POOL_SIZE,
    timeouts: databaseTimeoutsOf(config),
    applicationName: 'pos-ingestion',
  };
}

/** The scopes pos-ingestion's routes check; its tills and store staff use store-bound keys instead. */
export const POS_INGESTION_SCOPES: readonly Scope[] = [SCOPES.admin, SCOPES.rejectionsRead, SCOPES.movementsWrite, SCOPES.countsReview, SCOPES.countsRead];

@Module({})
export class PosIngestionModule {
  static forConfig(config: PosIngestionConfig): DynamicModule {
    return {
      module: PosIngestionModule,
      imports: [OperationsModule],
      controllers: [TransactionsController, MovementsController, ImportsController, CountingController, CountReviewController, AdminController, withRequiredScope(deadLetterAdminController(AccessGuard), SCOPES.admin), ...serviceAccessControllers],
      providers: [
        { provide: POS_INGESTION_CONFIG, useValue: config },
        {
          provide: DataSource,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const dataSource = await openServiceDatabase(posIngestionDatabaseOptions(config));
            readiness.register('postgres', async () => {
              await dataSource.query('SELECT 1');
              return { ready: true };
            });
            return dataSource;
          },
        },
        { provide: APP_FILTER, useClass: ProblemFilter },
        RequestDrain,
        IntakeRuntime,
        CountingRuntime,
        LedgerTransfersRuntime,
        PosApiKeyGuard,
        MovementCallerGuard,
        ...serviceAccessProviders({ schema: config.DATABASE_SCHEMA, scopes: POS_INGESTION_SCOPES, adminApiKey: config.ADMIN_API_KEY }),
        ...deadLetterProviders('pos-ingestion', TOPICS.posTransactionsDeadLetter, config),
      ],
    };
  }
}
