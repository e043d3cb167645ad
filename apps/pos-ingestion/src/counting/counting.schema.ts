// Request bodies of the cycle-counting routes.
import { z } from 'zod';
import { countedLinesSchema } from '../movements/store-operations.schema';

export const countSubmissionSchema = z.strictObject({
  lines: countedLinesSchema.describe('Counted quantities of SKUs on the list, each once; taken all or nothing'),
});
