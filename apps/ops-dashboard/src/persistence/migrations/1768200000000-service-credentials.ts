// The service credentials of the dashboard's own API (see @ledgerline/auth), in its own schema:
// operators acknowledge alerts and act on dead letters with one of these.
import { ServiceCredentialsMigration } from '@ledgerline/auth';

export class ServiceCredentials1768200000000 extends ServiceCredentialsMigration {
  name = 'ServiceCredentials1768200000000';
}
