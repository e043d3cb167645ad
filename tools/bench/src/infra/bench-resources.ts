// Fresh, throwaway resources for one scenario run: a topic prefix no one else uses and fresh
// databases on the PostgreSQL server, all removed again when the scenario ends, whatever happened
// (a database asked to be kept stays, named on standard error, for EXPLAIN ANALYZE after the run).
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurity } from '@ledgerline/messaging';
import { createTestDatabase, testKafkaBrokers, uniqueTestId, type TestDatabase } from '@ledgerline/testing';

export class BenchResources {
  readonly prefix: string;
  readonly brokers: string[];
  private readonly databases: TestDatabase[] = [];

  constructor(label: string) {
    this.prefix = uniqueTestId(`bench-${label}`);
    this.brokers = testKafkaBrokers();
  }

  kafka(clientLabel: string): Kafka {
    return new Kafka({ ...kafkaSecurity(), clientId: `${this.prefix}-${clientLabel}`, brokers: this.brokers, logLevel: logLevel.ERROR });
  }

  async database(label: string, { keep = false }: { keep?: boolean } = {}): Promise<TestDatabase> {
    const database = await createTestDatabase(`bench_${label}`);
    if (keep) process.stderr.write(`keeping database ${database.name} (${database.url}): drop it when done\n`);
    else this.databases.push(database);
    return database;
  }

  /** Drops the databases and deletes every topic under the prefix; reports, never throws. */
  async release(): Promise<void> {
    for (const database of this.databases.splice(0)) {
      await database.drop().catch((error: unknown) => process.stderr.write(`could not drop ${database.name}: ${String(error)}\n`));
    }
    const admin = this.kafka('cleanup').admin();
    try {
      await admin.connect();
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${this.prefix}.`));
      if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    } catch (error) {
      process.stderr.write(`could not delete the topics of ${this.prefix}: ${String(error)}\n`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

export async function withResources<T>(label: string, work: (resources: BenchResources) => Promise<T>): Promise<T> {
  const resources = new BenchResources(label);
  try {
    return await work(resources);
  } finally {
    await resources.release();
  }
}
