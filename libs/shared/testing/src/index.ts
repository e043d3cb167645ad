export { resolveTestInfrastructure, type TestInfrastructure } from './test-infrastructure';
export { createTestDatabase, type TestDatabase, type ServiceDatabaseEnv } from './test-database';
export { uniqueTestId, createTestTopics, deleteTestTopics, type TestTopicSpec, type TestClientSecurity } from './test-topics';
export { readTopicUntil, type ReadMessage } from './read-topic';
export { waitFor, type WaitForOptions } from './wait-for';
export { driftAuditPassAfter, type CompletedDriftAudit } from './drift-audit-pass';
export { testKafkaBrokers, testDatabaseUrl } from './test-environment';
export { SecureBroker, type SecureBrokerOptions } from './secure-broker';
export { authorizerDenials, scramClientEnv, type AuthenticatedKafka, type ScramCredentials } from './scram-credentials';
export {
  startServiceProcess,
  freePort,
  REPOSITORY_ROOT,
  type ServiceProcess,
  type ServiceProcessOptions,
  type ServiceExit,
} from './service-process';
export { authorisationViolations, issueCredential, SHARED_ROUTES, DEAD_LETTER_ROUTES, type AuthorisationSuiteInput, type RouteAccess } from './authorisation-suite';
export { httpRoutesOf, type HttpRoute } from './http-routes';
export { historyChangesLetThrough, type HistoryChangeInput } from './history-change-attempts';
export { tablesReadBy } from './query-plans';
