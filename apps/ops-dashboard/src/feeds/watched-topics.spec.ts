import { TOPICS } from '@ledgerline/contracts';
import { TopicNames } from './watched-topics';

describe('TopicNames', () => {
  it('maps the deployment prefix in both directions and ignores other topics', () => {
    const names = new TopicNames('staging');
    expect(names.prefixed(TOPICS.alerts.name)).toBe('staging.inventory.alerts.v1');
    expect(names.platformName('staging.inventory.alerts.v1')).toBe('inventory.alerts.v1');
    expect(names.platformName('inventory.alerts.v1')).toBeUndefined();
    expect(names.platformName('other.inventory.alerts.v1')).toBeUndefined();
  });

  it('uses bare names without a prefix', () => {
    expect(new TopicNames('').platformName('inventory.stock-levels.v1')).toBe('inventory.stock-levels.v1');
  });
});
