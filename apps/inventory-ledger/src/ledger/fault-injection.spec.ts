import { FaultInjection } from './fault-injection';

describe('FaultInjection', () => {
  it('crashes only at the configured point of the configured batch', () => {
    const crash = jest.fn();
    const faults = FaultInjection.fromSetting('after-db-commit@2', crash);
    faults.startBatch();
    faults.at('before-db-commit');
    faults.at('after-db-commit');
    expect(crash).not.toHaveBeenCalled();
    faults.startBatch();
    faults.at('before-db-commit');
    expect(crash).not.toHaveBeenCalled();
    faults.at('after-db-commit');
    expect(crash).toHaveBeenCalledTimes(1);
    faults.startBatch();
    faults.at('after-db-commit');
    expect(crash).toHaveBeenCalledTimes(1);
  });

  it('does nothing when unset', () => {
    const crash = jest.fn();
    const faults = FaultInjection.fromSetting(undefined, crash);
    for (let batch = 0; batch < 5; batch += 1) {
      faults.startBatch();
      faults.at('before-db-commit');
      faults.at('after-db-commit');
    }
    expect(crash).not.toHaveBeenCalled();
  });
});
