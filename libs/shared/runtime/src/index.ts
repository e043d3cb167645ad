export { loadConfig, ConfigurationError, baseConfigShape, baseConfigSchema, httpPort, type BaseConfig } from './config/load-config';
export { JsonLogger, configureLogging, redactSecrets, type LogLevel, type LogFields } from './logging/json-logger';
export { createServiceDataSource, migrateServiceDatabase, openServiceDatabase, type ServiceDataSourceOptions } from './database/service-data-source';
export { LeaderLock } from './database/leader-lock';
export { runMigrateCommand } from './database/migrate-command';
export { ReadinessRegistry, HealthController, type ReadinessCheck, type ReadinessResult } from './health/readiness';
export { metricsRegistry, enableDefaultMetrics, MetricsController } from './metrics/metrics';
export { OperationsModule } from './http/operations.module';
export { createHttpService, startHttpService, listeningUrl, type HttpServiceOptions } from './http/start-http-service';
