// Root module of the inventory-ledger service.
import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OperationsModule, ReadinessRegistry, databaseTimeoutsOf, openServiceDatabase, type DatabaseTimeoutSettings, type ServiceDataSourceOptions } from '@ledgerline/runtime';
import { TOPICS } from '@ledgerline/contracts';
import { deadLetterAdminController, deadLetterProviders } from '@ledgerline/messaging';
import { AccessGuard, SCOPES, withRequiredScope, serviceAccessControllers, serviceAccessProviders, type Scope } from '@ledgerline/auth';
import { CatalogIntakeService } from './catalog/catalog-intake.service';
import { LEDGER_CONFIG, type LedgerConfig } from './config/ledger.config';
import { DriftAuditService } from './audit/drift-audit.service';
import { DriftController } from './audit/drift.controller';
import { ExportsController } from './exports/exports.controller';
import { ExportsService } from './exports/exports.service';
import { WRITTEN_KEYS_LISTENER } from './ledger/ledger-writer';
import { MovementIntakeService } from './ledger/movement-intake.service';
import { MovementPartitionsService } from './partitions/movement-partitions.service';
import { LEDGER_MIGRATIONS } from './persistence/migrations';
import { LEDGER_GRANTS } from './persistence/ledger-grants';
import { AvailabilityController } from './reservations/availability.controller';
import { AvailabilityService } from './reservations/availability.service';
import { ReservationExpiryService } from './reservations/reservation-expiry.service';
import { ReservationRequestPruner } from './reservations/reservation-request-pruner.service';
import { PurchaseOrderCostsConsumer } from './purchase-order-costs/purchase-order-costs.consumer';
import { ReservationRequestsConsumer } from './reservations/reservation-requests.consumer';
import { ReservationService } from './reservations/reservation.service';
import { ReservationsController } from './reservations/reservations.controller';
import { ShrinkageController } from './shrinkage/shrinkage.controller';
import { ShrinkageService } from './shrinkage/shrinkage.service';
import { StockLookupController } from './query/stock-lookup.controller';
import { StockLookupService } from './query/stock-lookup.service';
import { StockQueryController } from './query/stock-query.controller';
import { StockQueryService } from './query/stock-query.service';
import { StockLayersService } from './query/stock-layers.service';
import { ValuationController } from './valuation/valuation.controller';
import { ValuationFolder } from './valuation/valuation-folder';
import { ValuationQueryService } from './valuation/valuation-query.service';
import { PeriodReportController } from './valuation/period-report.controller';
import { PeriodsController } from './periods/periods.controller';
import { PeriodsService } from './periods/periods.service';
import { ClosingInventoryBuilder } from './closing-inventory/closing-inventory-builder';
import { ClosingInventoryController } from './closing-inventory/closing-inventory.controller';
import { ClosingInventoryService } from './closing-inventory/closing-inventory.service';

/** Only the database settings: the migrate command needs no other configuration. */
export function ledgerDatabaseOptions(
  config: Pick<LedgerConfig, 'DATABASE_URL' | 'DATABASE_OWNER_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE' | DatabaseTimeoutSettings>,
): ServiceDataSourceOptions {
  return {
    url: config.DATABASE_URL,
    ownerUrl: config.DATABASE_OWNER_URL,
    schema: config.DATABASE_SCHEMA,
    entities: [],
    migrations: LEDGER_MIGRATIONS,
    grants: LEDGER_GRANTS,
    poolSize: config.DATABASE_POOL_SIZE,
    timeouts: databaseTimeoutsOf(config),
    applicationName: 'inventory-ledger',
  };
}

/** The scopes the ledger's routes check. */
export const LEDGER_SCOPES: readonly Scope[] = [SCOPES.stockRead, SCOPES.valuationRead, SCOPES.periodsClose, SCOPES.reservationWrite, SCOPES.admin];

@Module({})
export class InventoryLedgerModule {
  static forConfig(config: LedgerConfig): DynamicModule {
    return {
      module: InventoryLedgerModule,
      imports: [OperationsModule],
      controllers: [StockQueryController, StockLookupController, DriftController, ValuationController, PeriodReportController, ClosingInventoryController, PeriodsController, ExportsController, AvailabilityController, ReservationsController, ShrinkageController, withRequiredScope(deadLetterAdminController(AccessGuard), SCOPES.admin), ...serviceAccessControllers],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        {
          provide: DataSource,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
            readiness.register('postgres', async () => {
              await dataSource.query('SELECT 1');
              return { ready: true };
            });
            return dataSource;
          },
        },
        CatalogIntakeService,
        MovementIntakeService,
        StockQueryService,
        StockLayersService,
        StockLookupService,
        ShrinkageService,
        DriftAuditService,
        { provide: WRITTEN_KEYS_LISTENER, useExisting: DriftAuditService },
        ...serviceAccessProviders({ schema: config.DATABASE_SCHEMA, scopes: LEDGER_SCOPES, adminApiKey: config.ADMIN_API_KEY }),
        ...deadLetterProviders('inventory-ledger', TOPICS.inventoryMovementsDeadLetter, config),
        ValuationFolder,
        ValuationQueryService,
        PeriodsService,
        ClosingInventoryBuilder,
        ClosingInventoryService,
        ExportsService,
        MovementPartitionsService,
        ReservationService,
        AvailabilityService,
        ReservationExpiryService,
        ReservationRequestPruner,
        ReservationRequestsConsumer,
        PurchaseOrderCostsConsumer,
      ],
    };
  }
}
