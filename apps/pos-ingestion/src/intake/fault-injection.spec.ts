import { FaultInjection } from './fault-injection';

describe('FaultInjection', () => {
  it('crashes after the chosen acknowledged publication, and only then', () => {
    const crash = jest.fn();
    const faults = FaultInjection.fromSetting('after-kafka-ack@2', crash);
    faults.kafkaAcknowledged();
    expect(crash).not.toHaveBeenCalled();
    faults.kafkaAcknowledged();
    expect(crash).toHaveBeenCalledTimes(1);
    faults.kafkaAcknowledged();
    expect(crash).toHaveBeenCalledTimes(1);
  });

  it('does nothing when unset or unreadable', () => {
    const crash = jest.fn();
    for (const setting of [undefined, 'after-kafka-ack@0', 'before-db-commit@1']) {
      const faults = FaultInjection.fromSetting(setting, crash);
      for (let publication = 0; publication < 5; publication++) faults.kafkaAcknowledged();
    }
    expect(crash).not.toHaveBeenCalled();
  });
});
