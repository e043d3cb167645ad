// Authenticates POS callers (`Authorization: Bearer pk_<keyId>_<secret>`) and applies the
// per-credential rate limit. Unknown, malformed and revoked keys get the same 401, so the answer
// does not tell which key ids exist. Logs name the key id, never the key.
import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { JsonLogger } from '@ledgerline/runtime';
import { intakeMetrics } from '../metrics/intake-metrics';
import { ProblemException, problem } from '../http/problem';
import { bearerToken, secretMatches } from '@ledgerline/auth';
import { parseApiKey } from './api-key';
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
    const limit = this.runtime.rateLimiter.take(key.keyId, Date.now());
    if (!limit.allowed) {
      intakeMetrics.rateLimited.inc();
      const retryAfterSeconds = Math.max(1, Math.ceil(limit.retryAfterMs / 1000));
      throw new ProblemException(
        problem(HttpStatus.TOO_MANY_REQUESTS, 'AUTH.RATE_LIMITED', `Too many requests for this credential; retry after ${retryAfterSeconds} s`),
        { 'Retry-After': String(retryAfterSeconds) },
      );
    }
    request.posCaller = { keyId: key.keyId, storeId: key.storeId, terminalId: key.terminalId };
    return true;
  }
}

function unauthorized(code: string, message: string): ProblemException {
  return new ProblemException(problem(HttpStatus.UNAUTHORIZED, code, message), { 'WWW-Authenticate': 'Bearer' });
}
