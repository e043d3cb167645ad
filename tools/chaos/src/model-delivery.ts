// How a batch reaches the LedgerWriter in the model-based test, including the two crashes that
// decide exactly-once: just before the database commit (nothing may remain, and the retry
// applies it), and after the commit but before the Kafka offsets are committed (the batch is
// delivered again and must change nothing).
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import type { LedgerWriter } from '../../../apps/inventory-ledger/src/ledger/ledger-writer';
import { LEDGER_SCHEMA } from './chaos-run';

export type Delivery = 'once' | 'twice-in-batch' | 'crash-before-commit' | 'crash-after-commit';

export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash before the database commit');
    this.name = 'SimulatedCrash';
  }
}

export async function deliver(writer: LedgerWriter, dataSource: DataSource, movements: InventoryMovementV1[], delivery: Delivery): Promise<void> {
  const batch = movements.map((movement) => ({ movement }));
  const ids = movements.map((movement) => movement.movementId);
  switch (delivery) {
    case 'once':
      expectApplied(await writer.applyBatch(batch), movements.length);
      return;
    case 'twice-in-batch':
      expectApplied(await writer.applyBatch([...batch, ...batch]), movements.length);
      return;
    case 'crash-before-commit': {
      const crashed = await writer.applyBatch(batch, new Date(), () => {
        throw new SimulatedCrash();
      }).then(
        () => false,
        (error: unknown) => error instanceof SimulatedCrash,
      );
      if (!crashed) throw new Error('the simulated crash did not abort the batch');
      const left: Array<{ n: string }> = await dataSource.query(`SELECT count(*)::text AS n FROM ${LEDGER_SCHEMA}.movement WHERE movement_id = ANY($1::text[])`, [ids]);
      if (Number(left[0]?.n) !== 0) throw new Error(`a batch rolled back at the commit left ${left[0]?.n} movements behind`);
      expectApplied(await writer.applyBatch(batch), movements.length);
      return;
    }
    case 'crash-after-commit': {
      expectApplied(await writer.applyBatch(batch), movements.length);
      const redelivered = await writer.applyBatch(batch);
      if (redelivered.applied !== 0 || redelivered.duplicates !== movements.length) {
        throw new Error(`redelivery after the commit applied ${redelivered.applied} and skipped ${redelivered.duplicates} of ${movements.length}`);
      }
      return;
    }
  }
}

/** `applied` counts derived movements too, so the batch must have applied at least its own. */
function expectApplied(result: { applied: number; duplicates: number }, expected: number): void {
  if (result.applied < expected) throw new Error(`the batch applied ${result.applied} of ${expected} movements (${result.duplicates} taken for duplicates)`);
}
