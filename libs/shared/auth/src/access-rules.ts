// What a route asks of its caller, declared with a decorator on the controller or the handler.
// The access guard refuses every route that declares nothing, so a route added without a
// decision is closed rather than open.
import { SetMetadata, type Type } from '@nestjs/common';
import type { Scope } from './scopes';

export const ACCESS_RULE = 'ledgerline:access-rule';
export const RATE_LIMIT = 'ledgerline:rate-limit';

export type AccessRule =
  /**
   * A service credential holding any one of the scopes; with `orOwnGuard`, a bearer that is not a
   * service credential is left to the route's own guard instead (store-bound keys beside ERP credentials).
   */
  | { kind: 'scope'; scopes: readonly Scope[]; orOwnGuard?: string }
  /** Anyone: health and metrics, which carry no business data. */
  | { kind: 'open' }
  /** Authenticated by the route's own guard (POS tills and their store-bound keys). */
  | { kind: 'own-guard'; credential: string };

/** The caller needs a service credential holding this scope (or one of the alternatives). */
export const RequireScope = (scope: Scope, ...alternatives: Scope[]) =>
  SetMetadata(ACCESS_RULE, { kind: 'scope', scopes: [scope, ...alternatives] } satisfies AccessRule);

/**
 * A service credential holding the scope, or a credential the route's own guard (in @UseGuards)
 * authenticates; `credential` names the latter for the docs. The own guard finds a service caller
 * already checked (request.serviceCaller) and must authenticate anything else itself.
 */
export const RequireScopeOrOwnGuard = (scope: Scope, credential: string) =>
  SetMetadata(ACCESS_RULE, { kind: 'scope', scopes: [scope], orOwnGuard: credential } satisfies AccessRule);

export const OpenRoute = () => SetMetadata(ACCESS_RULE, { kind: 'open' } satisfies AccessRule);

/** The route's own guard authenticates (it must be in @UseGuards); `credential` names what it takes, for the docs and the suite. */
export const AuthenticatedByOwnGuard = (credential: string) => SetMetadata(ACCESS_RULE, { kind: 'own-guard', credential } satisfies AccessRule);

/**
 * Per-credential rate limit of an expensive route, on top of its scope: the policy of this name in
 * the service's access settings (so each service configures it like the rest of its settings).
 */
export const RateLimit = (policyName: string) => SetMetadata(RATE_LIMIT, policyName);

/** Sets the access rule of a controller class made elsewhere (the dead-letter admin controller of the messaging library). */
export function withRequiredScope<T extends Type<unknown>>(controller: T, scope: Scope): T {
  RequireScope(scope)(controller);
  return controller;
}
