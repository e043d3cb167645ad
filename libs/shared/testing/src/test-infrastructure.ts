// One way for every integration test to get a broker and a database:
//   1. the ones named by KAFKA_BROKERS / DATABASE_URL, when set;
//   2. otherwise containers started with testcontainers, when a Docker engine answers;
//   3. otherwise a failure that says exactly what to run.
import { missingInfrastructureMessage } from './test-environment';

export interface TestInfrastructure {
  kafkaBrokers: string;
  databaseUrl: string;
  /** Stops whatever this process started; a no-op for configured infrastructure. */
  stop(): Promise<void>;
}

const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.1';
const POSTGRES_IMAGE = 'postgres:15-alpine';

export async function resolveTestInfrastructure(
  env: NodeJS.ProcessEnv = process.env,
  isDockerAvailable: () => Promise<boolean> = dockerEngineAvailable,
): Promise<TestInfrastructure> {
  const configuredBrokers = env['KAFKA_BROKERS'];
  const configuredDatabase = env['DATABASE_URL'];
  if (configuredBrokers && configuredDatabase) {
    return { kafkaBrokers: configuredBrokers, databaseUrl: configuredDatabase, stop: async () => undefined };
  }
  if (!(await isDockerAvailable())) {
    throw new Error(missingInfrastructureMessage(configuredBrokers ? 'DATABASE_URL' : 'KAFKA_BROKERS'));
  }
  const stops: Array<() => Promise<unknown>> = [];
  const kafkaBrokers = configuredBrokers ?? (await startKafkaContainer(stops));
  const databaseUrl = configuredDatabase ?? (await startPostgresContainer(stops));
  return {
    kafkaBrokers,
    databaseUrl,
    stop: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}

async function dockerEngineAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startKafkaContainer(stops: Array<() => Promise<unknown>>): Promise<string> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const kafka = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
  stops.push(() => kafka.stop());
  return `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
}

async function startPostgresContainer(stops: Array<() => Promise<unknown>>): Promise<string> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const postgres = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
  stops.push(() => postgres.stop());
  return postgres.getConnectionUri();
}
