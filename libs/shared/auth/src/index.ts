export { SCOPES, isScope, type Scope } from './scopes';
export { bearerToken, constantTimeEqual, hashSecret, randomKeyId, randomSecret, secretMatches } from './secrets';
export { generateServiceCredential, parseServiceCredential, type GeneratedCredential } from './service-credential';
export { createServiceCredentialTables, dropServiceCredentialTables, ServiceCredentialsMigration } from './credential-tables';
export {
  ServiceCredentialStore,
  UnknownScopeError,
  type IssuedServiceCredential,
  type ServiceCredentialRecord,
} from './service-credential-store';
export { ACCESS_RULE, RATE_LIMIT, RequireScope, RequireScopeOrOwnGuard, withRequiredScope, OpenRoute, AuthenticatedByOwnGuard, RateLimit, type AccessRule } from './access-rules';
export { AccessGuard, SERVICE_ACCESS_OPTIONS, type ServiceAccessOptions, type ServiceCaller } from './access.guard';
export { CredentialsAdminController } from './credentials-admin.controller';
export { serviceAccessProviders, serviceAccessControllers, type ServiceAccessSettings } from './service-access';
export { parseCredentialsCommand, runCredentialsCommand, credentialsCommandLine, CredentialsCommandError, CREDENTIALS_USAGE, type CredentialsCommand } from './credentials-command';
export { RateLimiter, TokenBucket, type TokenBucketPolicy, type TakeResult } from './token-bucket';
