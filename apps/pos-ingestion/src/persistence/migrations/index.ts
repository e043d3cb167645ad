import { CreatePosIngestion1764100000000 } from './1764100000000-create-pos-ingestion';

/** Every migration of the pos_ingestion schema, oldest first. */
export const POS_INGESTION_MIGRATIONS = [CreatePosIngestion1764100000000];
