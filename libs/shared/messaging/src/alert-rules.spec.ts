// The alerting rules shipped in docs/operations must name metrics the consumers really export,
// with the labels they group by: a renamed metric would otherwise silence an alert for good.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { metricsRegistry } from '@ledgerline/runtime';
import { consumerMetrics } from './consumer-metrics';

interface AlertRule {
  alert: string;
  expr: string;
}

const RULES_FILE = join(__dirname, '../../../../docs/operations/alert-rules.yml');

function consumerRules(): AlertRule[] {
  const document = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: Array<{ name: string; rules: AlertRule[] }> };
  return document.groups.find((group) => group.name === 'ledgerline-consumers')?.rules ?? [];
}

describe('consumer alerting rules', () => {
  it('cover stalled partitions and dead letters', () => {
    expect(consumerRules().map((rule) => rule.alert)).toEqual(expect.arrayContaining(['LedgerlinePartitionStalled', 'LedgerlineDeadLetters']));
  });

  it.each(consumerRules().map((rule) => [rule.alert, rule] as const))('%s reads metrics the consumers export, by labels they carry', async (_, rule) => {
    expect(Object.keys(consumerMetrics).length).toBeGreaterThan(0);
    const exported = new Map((await metricsRegistry.getMetricsAsJSON()).map((metric) => [metric.name, metric]));
    const named = [...rule.expr.matchAll(/\b(ledgerline_[a-z_]+)\b/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(exported.has(name)).toBe(true);
    const grouping = /by \(([^)]*)\)/.exec(rule.expr)?.[1]?.split(',').map((label) => label.trim()) ?? [];
    const carried = new Set(['service', ...named.flatMap((name) => (metricsRegistry.getSingleMetric(name) as unknown as { labelNames: string[] }).labelNames)]);
    for (const label of grouping) expect(carried.has(label)).toBe(true);
  });
});
