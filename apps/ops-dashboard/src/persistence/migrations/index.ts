import { ServiceCredentials1768200000000 } from './1768200000000-service-credentials';
import { AlertAcknowledgements1768210000000 } from './1768210000000-alert-acknowledgements';
import { AlertLog1768900000000 } from './1768900000000-alert-log';

/** Every migration of the ops_dashboard schema, oldest first. */
export const OPS_DASHBOARD_MIGRATIONS = [ServiceCredentials1768200000000, AlertAcknowledgements1768210000000, AlertLog1768900000000];
