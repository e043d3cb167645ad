// Jest global setup for projects with integration tests: resolves the broker and database once
// per jest run and exports them to the test workers through the environment.
import { resolveTestInfrastructure, type TestInfrastructure } from './test-infrastructure';

declare global {
  var __ledgerlineTestInfrastructure: TestInfrastructure | undefined;
}

export default async function setUpTestInfrastructure(): Promise<void> {
  const infrastructure = await resolveTestInfrastructure();
  process.env['KAFKA_BROKERS'] = infrastructure.kafkaBrokers;
  process.env['DATABASE_URL'] = infrastructure.databaseUrl;
  globalThis.__ledgerlineTestInfrastructure = infrastructure;
}
