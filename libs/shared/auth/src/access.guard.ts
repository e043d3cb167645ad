// The one guard of every service's HTTP API, installed as the global guard: it reads the route's
// access rule (access-rules.ts), authenticates the bearer credential against the service's own
// credential table on every request (no cache: a revoked credential fails on its next request),
// checks the scope and applies the rate limit of expensive routes. Refusals:
//   401 AUTH.MISSING_CREDENTIAL / AUTH.INVALID_CREDENTIAL (unknown, malformed and revoked alike)
//   403 AUTH.FORBIDDEN naming the scope needed, 429 AUTH.RATE_LIMITED with Retry-After.
// Logs name the key id, never the credential.
import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HealthController, JsonLogger, MetricsController } from '@ledgerline/runtime';
import { ACCESS_RULE, RATE_LIMIT, type AccessRule } from './access-rules';
import { SCOPES, type Scope } from './scopes';
import { bearerToken, constantTimeEqual, secretMatches } from './secrets';
import { parseServiceCredential } from './service-credential';
import { ServiceCredentialStore } from './service-credential-store';
import { RateLimiter, type TokenBucketPolicy } from './token-bucket';

export const SERVICE_ACCESS_OPTIONS = Symbol('SERVICE_ACCESS_OPTIONS');

export interface ServiceAccessOptions {
  /**
   * A credential from configuration that holds the `admin` scope only: the way in before any
   * credential is issued. Changed by restarting with another value.
   */
  adminApiKey?: string;
  /** The rate limits routes name with @RateLimit(name). */
  rateLimits?: Readonly<Record<string, TokenBucketPolicy>>;
}

/** Who called, once the guard has let the request through. */
export interface ServiceCaller {
  keyId: string;
  scopes: readonly Scope[];
}

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  serviceCaller?: ServiceCaller;
}

interface GuardedResponse {
  setHeader(name: string, value: string): unknown;
}

/** The operations endpoints every service shares stay open: they carry no business data. */
const OPEN_CONTROLLERS: ReadonlySet<unknown> = new Set([HealthController, MetricsController]);
const CONFIGURED_ADMIN: ServiceCaller = { keyId: 'ADMIN_API_KEY', scopes: [SCOPES.admin] };

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new JsonLogger('AccessGuard');
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ServiceCredentialStore) private readonly credentials: ServiceCredentialStore,
    @Inject(SERVICE_ACCESS_OPTIONS) private readonly options: ServiceAccessOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (OPEN_CONTROLLERS.has(context.getClass())) return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const response = context.switchToHttp().getResponse<GuardedResponse>();
    if (!rule) {
      this.logger.error('route without an access rule refused', { controller: context.getClass().name, handler: context.getHandler().name });
      throw refusal(HttpStatus.FORBIDDEN, 'AUTH.FORBIDDEN', 'This route declares no access rule, so nobody may call it');
    }
    if (rule.kind !== 'scope') return true;
    if (rule.orOwnGuard !== undefined && request.serviceCaller === undefined && this.isForOwnGuard(request)) return true;
    // A guard named again in a controller's @UseGuards finds the caller it already authenticated.
    const caller = request.serviceCaller ?? (await this.authenticate(request, response));
    if (!rule.scopes.some((scope) => caller.scopes.includes(scope))) {
      const needed = rule.scopes.join(' or ');
      this.logger.warn('refused a credential without the scope', { keyId: caller.keyId, scope: needed });
      throw refusal(HttpStatus.FORBIDDEN, 'AUTH.FORBIDDEN', `This credential lacks the scope ${needed}, which this route needs`, rule.scopes);
    }
    if (request.serviceCaller === undefined) this.limit(context, caller, response);
    request.serviceCaller = caller;
    return true;
  }

  /** A bearer that is neither the configured admin key nor shaped as a service credential. */
  private isForOwnGuard(request: GuardedRequest): boolean {
    const token = bearerToken(request.headers['authorization']);
    if (token === null) return false;
    const adminApiKey = this.options.adminApiKey;
    if (adminApiKey !== undefined && constantTimeEqual(token, adminApiKey)) return false;
    return parseServiceCredential(token) === null;
  }

  private async authenticate(request: GuardedRequest, response: GuardedResponse): Promise<ServiceCaller> {
    const token = bearerToken(request.headers['authorization']);
    if (token === null) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw refusal(HttpStatus.UNAUTHORIZED, 'AUTH.MISSING_CREDENTIAL', 'Send a credential as Authorization: Bearer <credential>');
    }
    const adminApiKey = this.options.adminApiKey;
    if (adminApiKey !== undefined && constantTimeEqual(token, adminApiKey)) return CONFIGURED_ADMIN;
    const parsed = parseServiceCredential(token);
    const found = parsed ? await this.credentials.find(parsed.keyId) : undefined;
    if (!parsed || !found || found.revokedAt !== null || !secretMatches(parsed.secret, found.secretHash)) {
      this.logger.warn('refused a credential', { keyId: parsed?.keyId ?? null, revoked: found?.revokedAt != null });
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw refusal(HttpStatus.UNAUTHORIZED, 'AUTH.INVALID_CREDENTIAL', 'The credential is unknown, malformed or revoked');
    }
    return { keyId: found.keyId, scopes: found.scopes };
  }

  private limit(context: ExecutionContext, caller: ServiceCaller, response: GuardedResponse): void {
    const policyName = this.reflector.getAllAndOverride<string | undefined>(RATE_LIMIT, [context.getHandler(), context.getClass()]);
    if (policyName === undefined) return;
    let limiter = this.limiters.get(policyName);
    if (!limiter) {
      const policy = this.options.rateLimits?.[policyName];
      // A route that names a limit nobody configured is a wiring mistake: refuse rather than run unlimited.
      if (!policy) throw new Error(`rate limit ${policyName} is not configured`);
      limiter = new RateLimiter(policy);
      this.limiters.set(policyName, limiter);
    }
    const taken = limiter.take(caller.keyId, Date.now());
    if (taken.allowed) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    response.setHeader('Retry-After', String(retryAfterSeconds));
    throw refusal(HttpStatus.TOO_MANY_REQUESTS, 'AUTH.RATE_LIMITED', `Too many requests for this credential on this route; retry after ${retryAfterSeconds} s`);
  }
}

/** The platform's problem body: { status, code, message, errors }. */
function refusal(status: HttpStatus, code: string, message: string, requiredScopes?: readonly Scope[]): HttpException {
  const body = { status, code, message, errors: [{ path: 'authorization', code, message }], ...(requiredScopes ? { requiredScopes } : {}) };
  return new HttpException(body, status);
}
