// Root module of the inventory-ledger service.
import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OperationsModule, ReadinessRegistry, openServiceDatabase } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from './config/ledger.config';
import { MovementIntakeService } from './ledger/movement-intake.service';
import { LEDGER_MIGRATIONS } from './persistence/migrations';
import { StockQueryController } from './query/stock-query.controller';
import { StockQueryService } from './query/stock-query.service';

@Module({})
export class InventoryLedgerModule {
  static forConfig(config: LedgerConfig): DynamicModule {
    return {
      module: InventoryLedgerModule,
      imports: [OperationsModule],
      controllers: [StockQueryController],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        {
          provide: DataSource,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const dataSource = await openServiceDatabase({
              url: config.DATABASE_URL,
              schema: config.DATABASE_SCHEMA,
              entities: [],
              migrations: LEDGER_MIGRATIONS,
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: 'inventory-ledger',
            });
            readiness.register('postgres', async () => {
              await dataSource.query('SELECT 1');
              return { ready: true };
            });
            return dataSource;
          },
        },
        MovementIntakeService,
        StockQueryService,
      ],
    };
  }
}
