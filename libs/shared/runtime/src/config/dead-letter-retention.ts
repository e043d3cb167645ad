// DEAD_LETTER_RETENTION_MS of the services that own a dead-letter topic. Forever by default: a
// dead letter is input the platform accepted and has not applied (a sale, a receipt), and no age
// makes it safe to drop before someone replayed or discarded it. Dead letters are rare, so keeping
// them costs little disk, and a topic that keeps all of them can rebuild the archive from offset
// zero. A finite value is at least a week, the broker's own default.
import { z } from 'zod';

const WEEK_MS = 7 * 86_400_000;

export const deadLetterRetentionMs = z.coerce
  .number()
  .int()
  .refine((value) => value === -1 || value >= WEEK_MS, { error: `must be -1 (forever) or at least ${WEEK_MS} (a week) in milliseconds` })
  .default(-1)
  .describe('How long the dead-letter topic keeps records: -1 forever; raised at start on a topic that keeps them for less');
