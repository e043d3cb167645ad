// Keeps a topic's records at least as long as its spec asks: used for the dead-letter topics, whose
// records are accepted input not yet applied and must not age out under the broker's default
// retention (7 days) before an operator dealt with them. A topic created earlier with a shorter
// retention is raised; one already keeping records longer (an operator's choice) is left alone.
import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import { JsonLogger } from '@ledgerline/runtime';

/** Kafka's retention.ms value for "never delete by age". */
export const RETAIN_FOREVER = -1;

const logger = new JsonLogger('TopicRetention');

/** True when a topic keeping records for `currentMs` keeps them at least `wantedMs`. */
export function retentionCovers(currentMs: number, wantedMs: number): boolean {
  if (currentMs === RETAIN_FOREVER) return true;
  if (wantedMs === RETAIN_FOREVER) return false;
  return currentMs >= wantedMs;
}

export async function raiseRetention(admin: Admin, wanted: ReadonlyArray<{ topic: string; retentionMs: number }>): Promise<string[]> {
  if (wanted.length === 0) return [];
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: wanted.map(({ topic }) => ({ type: ConfigResourceTypes.TOPIC, name: topic })),
  });
  const raised: string[] = [];
  for (const { topic, retentionMs } of wanted) {
    const entries = resources.find((resource) => resource.resourceName === topic)?.configEntries ?? [];
    const current = Number(entries.find((entry) => entry.configName === 'retention.ms')?.configValue ?? Number.NaN);
    if (Number.isFinite(current) && retentionCovers(current, retentionMs)) continue;
    // AlterConfigs replaces every override of the topic, so the ones it has are sent back with it.
    const overrides = entries
      .filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG && entry.configName !== 'retention.ms')
      .map((entry) => ({ name: entry.configName, value: entry.configValue }));
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [...overrides, { name: 'retention.ms', value: String(retentionMs) }] }],
    });
    logger.info('raised topic retention', { topic, fromMs: current, toMs: retentionMs });
    raised.push(topic);
  }
  return raised;
}
