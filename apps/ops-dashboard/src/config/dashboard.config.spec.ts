import { ConfigurationError } from '@ledgerline/runtime';
import { loadDashboardConfig } from './dashboard.config';

describe('loadDashboardConfig', () => {
  it('has defaults for every service and the refresh', () => {
    const config = loadDashboardConfig({});
    expect(config).toMatchObject({
      HTTP_PORT: 3000,
      POS_INGESTION_URL: 'http://127.0.0.1:3001',
      INVENTORY_LEDGER_URL: 'http://127.0.0.1:3002',
      REORDER_FORECASTING_URL: 'http://127.0.0.1:3003',
      REFRESH_INTERVAL_MS: 2000,
      IDLE_REFRESH_INTERVAL_MS: 15_000,
      UNWATCHED_REFRESH_INTERVAL_MS: 60_000,
    });
    expect(config.POS_INGESTION_CREDENTIAL).toBeUndefined();
    expect(config.INVENTORY_LEDGER_CREDENTIAL).toBeUndefined();
  });

  it('names each invalid variable and never prints a credential or a URL', () => {
    try {
      loadDashboardConfig({ INVENTORY_LEDGER_URL: 'ledger:3002', REFRESH_INTERVAL_MS: '5', POS_INGESTION_CREDENTIAL: '' });
      throw new Error('expected a configuration error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      const message = (error as Error).message;
      // A URL may carry a user and password, so its value is not printed either.
      expect(message).toContain('INVENTORY_LEDGER_URL=<redacted>: must be an http:// or https:// URL');
      expect(message).toContain('REFRESH_INTERVAL_MS="5"');
      expect(message).toContain('POS_INGESTION_CREDENTIAL=<redacted>');
    }
  });
});
