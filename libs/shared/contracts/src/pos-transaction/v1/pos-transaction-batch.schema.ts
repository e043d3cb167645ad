// Batch body of the pos-ingestion HTTP API. Deliberately loose: each element is validated on its
// own with posTransactionV1Schema, because the API accepts the good transactions of a batch and
// answers per transaction instead of rejecting all of them for one bad line.
import { z } from 'zod';

export const MAX_TRANSACTIONS_PER_BATCH = 1000;

export const posTransactionBatchV1Schema = z.strictObject({
  transactions: z.array(z.unknown()).min(1).max(MAX_TRANSACTIONS_PER_BATCH),
});

export type PosTransactionBatchV1 = z.output<typeof posTransactionBatchV1Schema>;
