import { ConfigurationError } from '@ledgerline/runtime';
import { defaultPolicyOf, loadForecastingConfig } from './forecasting.config';

describe('reorder-forecasting configuration', () => {
  it('has working defaults', () => {
    const config = loadForecastingConfig({});
    expect(config).toMatchObject({
      HTTP_PORT: 3003,
      DATABASE_SCHEMA: 'reorder_forecasting',
      KAFKA_GROUP_ID: 'reorder-forecasting',
      REFIT_INTERVAL_MS: 60_000,
      REFIT_MAX_SERIES_PER_TICK: 1_000,
      REFIT_STALE_AFTER_MS: 86_400_000,
      HISTORY_DAYS: 365,
      DEMAND_TIME_ZONE: 'UTC',
      POSITION_INCLUDES_IN_TRANSIT: true,
    });
    expect(defaultPolicyOf(config)).toEqual({
      leadTimeDays: 7,
      leadTimeStdDevDays: 1,
      serviceLevel: 0.95,
      reviewPeriodDays: 0,
      packSize: 1,
      minimumOrderQuantity: 0,
      orderingCost: '25.0000',
      holdingCostRate: 0.25,
      unitCost: '10.0000',
      orderQuantityRule: 'economic',
    });
  });

  it('reads the default policy and switches from the environment', () => {
    const config = loadForecastingConfig({ DEFAULT_PACK_SIZE: '12', DEFAULT_SERVICE_LEVEL: '0.99', POSITION_INCLUDES_IN_TRANSIT: 'false', DEMAND_TIME_ZONE: 'Europe/Berlin' });
    expect(defaultPolicyOf(config)).toMatchObject({ packSize: 12, serviceLevel: 0.99 });
    expect(config.POSITION_INCLUDES_IN_TRANSIT).toBe(false);
    expect(config.DEMAND_TIME_ZONE).toBe('Europe/Berlin');
  });

  it('names every invalid variable', () => {
    let error: unknown;
    try {
      loadForecastingConfig({ DEFAULT_SERVICE_LEVEL: '1', DEMAND_TIME_ZONE: 'Mars/Olympus', DEFAULT_UNIT_COST: '-1', HISTORY_DAYS: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    for (const variable of ['DEFAULT_SERVICE_LEVEL', 'DEMAND_TIME_ZONE', 'DEFAULT_UNIT_COST', 'HISTORY_DAYS']) expect(message).toContain(variable);
  });
});
