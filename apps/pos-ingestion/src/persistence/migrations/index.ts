import { CreatePosIngestion1764100000000 } from './1764100000000-create-pos-ingestion';
import { DeadLetterArchive1766400000000 } from './1766400000000-dead-letter-archive';

/** Every migration of the pos_ingestion schema, oldest first. */
export const POS_INGESTION_MIGRATIONS = [CreatePosIngestion1764100000000, DeadLetterArchive1766400000000];
