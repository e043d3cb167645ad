import { CreateReorderForecasting1765100000000 } from './1765100000000-create-reorder-forecasting';
import { TrackRefitDue1766300000000 } from './1766300000000-track-refit-due';
import { ServiceCredentials1767400000000 } from './1767400000000-service-credentials';
import { DeadLetterArchive1768200000000 } from './1768200000000-dead-letter-archive';
import { TrackDaysOfCover1769300000000 } from './1769300000000-track-days-of-cover';

/** Every migration of the reorder_forecasting schema, oldest first. */
export const REORDER_FORECASTING_MIGRATIONS = [
  CreateReorderForecasting1765100000000,
  TrackRefitDue1766300000000,
  ServiceCredentials1767400000000,
  DeadLetterArchive1768200000000,
  TrackDaysOfCover1769300000000,
];
