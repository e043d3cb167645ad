// Authenticates POS callers (`Authorization: Bearer pk_<keyId>_<secret>`) and applies the
// per-credential rate limit. Unknown, malformed and revoked keys get the same 401, so the answer
// does not tell which key ids exist. Logs name the key id, never the key.
import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { JsonLogger } from '@ledgerline/runtime';
import { ProblemException, problem } from '../http/problem';
import { bearerToken, secretMatches } from '@ledgerline/auth';
import { parseApiKey } from './api-key';
import { takeStoreKeyToken } from './store-key-rate-limit';
import type { AuthenticatedRequest } from './pos-caller';
import { IntakeRuntime } from '../intake/intake-runtime';

@Injectable()
export class PosApiKeyGuard implements CanActivate {
  private readonly logger = new JsonLogger('PosApiKeyGuard');

  constructor(@Inject(IntakeRuntime) private readonly runtime: IntakeRuntime) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw unauthorized('AUTH.MISSING_CREDENTIAL', 'Send the store credential as Authorization: Bearer <apiKey>');
    const parsed = parseApiKey(token);
    const key = parsed ? await this.runtime.credentials.findKey(parsed.keyId) : undefined;
    if (!parsed || !key || key.revokedAt !== null || !secretMatches(parsed.secret, key.secretHash)) {
      this.logger.warn('refused a POS credential', { keyId: parsed?.keyId ?? null, revoked: key?.revokedAt != null });
      throw unauthorized('AUTH.INVALID_CREDENTIAL', 'The API key is unknown or revoked');
    }
    // A store's staff key posts movements, not till transactions: least privilege both ways.
    if (key.purpose !== 'till') {
      this.logger.warn('refused a store-operations key on the POS routes', { keyId: key.keyId });
      throw new ProblemException(problem(HttpStatus.FORBIDDEN, 'AUTH.FORBIDDEN', 'This key posts store operations (/v1/movements), not POS transactions'));
    }
    takeStoreKeyToken(this.runtime.rateLimiter, key.keyId);
    request.posCaller = { keyId: key.keyId, storeId: key.storeId, terminalId: key.terminalId };
    return true;
  }
}

function unauthorized(code: string, message: string): ProblemException {
  return new ProblemException(problem(HttpStatus.UNAUTHORIZED, code, message), { 'WWW-Authenticate': 'Bearer' });
}
