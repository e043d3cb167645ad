import { CreateLedger1764000000000 } from './1764000000000-create-ledger';

/** Every migration of the ledger schema, oldest first. */
export const LEDGER_MIGRATIONS = [CreateLedger1764000000000];
