// Where integration tests find the real broker and database. The jest global setup fills these
// in (from the environment, or from containers it started); tests only read them.

export function testKafkaBrokers(): string[] {
  const brokers = process.env['KAFKA_BROKERS'];
  if (!brokers) throw new Error(missingInfrastructureMessage('KAFKA_BROKERS'));
  return brokers.split(',').map((broker) => broker.trim()).filter(Boolean);
}

export function testDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error(missingInfrastructureMessage('DATABASE_URL'));
  return url;
}

export function missingInfrastructureMessage(variable: string): string {
  return [
    `${variable} is not set and no Docker engine was found to start one with testcontainers.`,
    'Integration tests need a real Kafka broker and PostgreSQL. Either:',
    '  npm test                                   (starts the local broker, then runs every test), or',
    '  bash tools/kafka/kafka.sh start && KAFKA_BROKERS=127.0.0.1:9092 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx nx run-many -t test',
  ].join('\n');
}
