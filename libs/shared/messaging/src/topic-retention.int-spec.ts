// ensureTopics against the real broker: a dead-letter topic is created keeping its records as
// long as asked, an existing one keeping them for less is raised (its other settings kept), and
// one keeping them longer is left alone.
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { deleteTestTopics, testKafkaBrokers, uniqueTestId } from '@ledgerline/testing';
import { createKafkaClient } from './kafka-client';
import { ensureTopics } from './topic-admin';
import { RETAIN_FOREVER } from './topic-retention';

const WEEK_MS = 7 * 86_400_000;

describe('ensureTopics retention (real Kafka)', () => {
  const prefix = uniqueTestId('retention');
  const created = `${prefix}.created`;
  const shorter = `${prefix}.shorter`;
  const longer = `${prefix}.longer`;
  const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: prefix });
  const admin = new Kafka({ clientId: `${prefix}-admin`, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: shorter, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }, { name: 'max.message.bytes', value: '2000000' }] },
        { topic: longer, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(RETAIN_FOREVER) }] },
      ],
    });
  });

  afterAll(async () => {
    await admin.disconnect();
    await deleteTestTopics([created, shorter, longer]);
  });

  async function settingsOf(topic: string): Promise<Record<string, string>> {
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
    return Object.fromEntries((resources[0]?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]));
  }

  it('creates with the retention, raises a shorter one keeping other settings, and never lowers one', async () => {
    await ensureTopics(kafka, [
      { topic: created, partitions: 1, retentionMs: RETAIN_FOREVER },
      { topic: shorter, partitions: 1, retentionMs: RETAIN_FOREVER },
      { topic: longer, partitions: 1, retentionMs: WEEK_MS },
    ]);
    expect((await settingsOf(created))['retention.ms']).toBe('-1');
    expect(await settingsOf(shorter)).toMatchObject({ 'retention.ms': '-1', 'max.message.bytes': '2000000' });
    expect((await settingsOf(longer))['retention.ms']).toBe('-1');

    // A week asked of a topic keeping an hour: raised to the week, not to forever.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: shorter, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    await ensureTopics(kafka, [{ topic: shorter, partitions: 1, retentionMs: WEEK_MS }]);
    expect((await settingsOf(shorter))['retention.ms']).toBe(String(WEEK_MS));
  });
});
