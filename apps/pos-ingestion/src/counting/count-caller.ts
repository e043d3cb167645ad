// Store staff count for their store only; a service credential (movements:write) for any location.
import type { MovementCaller } from '@ledgerline/pos-domain';
import { CountingError } from './count-errors';

export function checkCallerCovers(caller: MovementCaller, locationId: string, path: string): void {
  if (caller.kind === 'store' && caller.storeId !== locationId) {
    throw new CountingError('MOVEMENTS.STORE_MISMATCH', `${path} is ${locationId}, but this credential belongs to store ${caller.storeId}`, path);
  }
}
