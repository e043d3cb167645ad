// The authenticated POS caller, attached to the request by PosApiKeyGuard.
import type { HttpRequest } from '../http/http-types';
import type { CallerScope } from '@ledgerline/pos-domain';

export interface PosCaller extends CallerScope {
  keyId: string;
}

export type AuthenticatedRequest = HttpRequest & { posCaller?: PosCaller };

export function callerOf(request: AuthenticatedRequest): PosCaller {
  if (!request.posCaller) throw new Error('PosApiKeyGuard must run before this handler');
  return request.posCaller;
}
