// Who may post store operations. The global AccessGuard has already checked a service credential
// (sk_) for `movements:write` (an ERP or WMS: any location) and left anything else here: a
// store-bound key (pk_) issued with purpose store-operations lets a store's staff post for their
// store only (StoreOperationsIntake checks each movement's location). A till's key is refused with
// 403, unknown, malformed and revoked keys alike with 401. Logs name the key id, never the key.
import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { bearerToken, secretMatches, type ServiceCaller } from '@ledgerline/auth';
import type { MovementCaller } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import { parseApiKey } from '../auth/api-key';
import { takeStoreKeyToken } from '../auth/store-key-rate-limit';
import type { HttpRequest } from '../http/http-types';
import { ProblemException, problem } from '../http/problem';
import { IntakeRuntime } from '../intake/intake-runtime';

export type MovementRequest = HttpRequest & { serviceCaller?: ServiceCaller; movementCaller?: MovementCaller };

@Injectable()
export class MovementCallerGuard implements CanActivate {
  private readonly logger = new JsonLogger('MovementCallerGuard');

  constructor(@Inject(IntakeRuntime) private readonly runtime: IntakeRuntime) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<MovementRequest>();
    if (request.serviceCaller !== undefined) {
      request.movementCaller = { kind: 'service', keyId: request.serviceCaller.keyId };
      return true;
    }
    const parsed = parseApiKey(bearerToken(request.headers.authorization) ?? '');
    const key = parsed ? await this.runtime.credentials.findKey(parsed.keyId) : undefined;
    if (!parsed || !key || key.revokedAt !== null || !secretMatches(parsed.secret, key.secretHash)) {
      this.logger.warn('refused a movements credential', { keyId: parsed?.keyId ?? null, revoked: key?.revokedAt != null });
      throw new ProblemException(problem(HttpStatus.UNAUTHORIZED, 'AUTH.INVALID_CREDENTIAL', 'The credential is unknown, malformed or revoked'), { 'WWW-Authenticate': 'Bearer' });
    }
    if (key.purpose !== 'store-operations') {
      this.logger.warn('refused a till key on the movements routes', { keyId: key.keyId });
      throw new ProblemException(
        problem(HttpStatus.FORBIDDEN, 'AUTH.FORBIDDEN', 'A till key posts POS transactions only; store operations need a store-operations key or the scope movements:write'),
      );
    }
    takeStoreKeyToken(this.runtime.rateLimiter, key.keyId);
    request.movementCaller = { kind: 'store', keyId: key.keyId, storeId: key.storeId };
    return true;
  }
}

export function movementCallerOf(request: MovementRequest): MovementCaller {
  if (!request.movementCaller) throw new Error('MovementCallerGuard must run before this handler');
  return request.movementCaller;
}
