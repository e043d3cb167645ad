// The ledger as a Nest application inside the test process: quick to start and stop, so several
// instances can join and leave a consumer group every few seconds.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ledgerConfigSchema } from '../../../apps/inventory-ledger/src/config/ledger.config';
import { createInventoryLedgerApp } from '../../../apps/inventory-ledger/src/create-inventory-ledger-app';

export class InProcessLedger {
  private constructor(
    readonly name: string,
    private readonly app: NestExpressApplication,
  ) {}

  static async start(name: string, environment: Record<string, string>): Promise<InProcessLedger> {
    const config = ledgerConfigSchema.parse({ ...environment, INSTANCE_ID: name });
    const app = await createInventoryLedgerApp(config);
    await app.listen(0, '127.0.0.1');
    return new InProcessLedger(name, app);
  }

  get url(): string {
    const { port } = this.app.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  /** A graceful leave: the consumer leaves the group, so the others rebalance at once. */
  async stop(): Promise<void> {
    await this.app.close();
  }
}
