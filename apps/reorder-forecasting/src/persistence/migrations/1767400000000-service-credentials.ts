// The service credentials of the forecasting API (see @ledgerline/auth), in its own schema.
import { ServiceCredentialsMigration } from '@ledgerline/auth';

export class ServiceCredentials1767400000000 extends ServiceCredentialsMigration {
  name = 'ServiceCredentials1767400000000';
}
