// Grants the platform's ACLs on the cluster at KAFKA_BROKERS, connected as a super user through
// the usual KAFKA_SASL_* / KAFKA_SSL* settings. tools/kafka/acls.sh runs it with the local
// broker's admin credential.
//
//   apply-acls.ts [--topic-prefix P] [--group-prefix principal=prefix ...] [--no-create] [--dry-run]
//
// --group-prefix: the consumer group ids a principal may use start with prefix (repeatable), for
// a deployment that sets KAFKA_GROUP_ID to something other than the principal's name.
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { describeKafkaSecurity, kafkaSecurity } from '@ledgerline/messaging';
import { describeGrant, grantAcls } from './acl-admin';
import { parseGroupPrefixes, platformAcls } from './platform-acls';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'topic-prefix': { type: 'string', default: '' },
      'group-prefix': { type: 'string', multiple: true, default: [] },
      'no-create': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const grants = platformAcls({ topicPrefix: values['topic-prefix'], groupPrefixes: parseGroupPrefixes(values['group-prefix']), allowCreate: !values['no-create'] });
  for (const grant of grants) console.log(describeGrant(grant));
  if (values['dry-run']) return;
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((broker) => broker.trim()).filter(Boolean);
  const security = kafkaSecurity();
  const admin = new Kafka({ ...security, clientId: 'ledgerline-acls', brokers, logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    await grantAcls(admin, grants);
  } finally {
    await admin.disconnect();
  }
  console.error(`granted ${grants.length} ACLs on ${brokers.join(',')} (${describeKafkaSecurity(security)})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
