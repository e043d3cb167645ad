import { CreateReorderForecasting1765100000000 } from './1765100000000-create-reorder-forecasting';

/** Every migration of the reorder_forecasting schema, oldest first. */
export const REORDER_FORECASTING_MIGRATIONS = [CreateReorderForecasting1765100000000];
