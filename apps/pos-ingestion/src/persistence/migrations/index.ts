import { CreatePosIngestion1764100000000 } from './1764100000000-create-pos-ingestion';
import { DeadLetterArchive1766400000000 } from './1766400000000-dead-letter-archive';
import { PublicationClaims1766500000000 } from './1766500000000-publication-claims';
import { ServiceCredentials1767400000000 } from './1767400000000-service-credentials';
import { StoreOperations1768400000000 } from './1768400000000-store-operations';
import { CycleCounting1768800000000 } from './1768800000000-cycle-counting';
import { WhoCounted1769100000000 } from './1769100000000-who-counted';
import { LedgerShipments1769510000000 } from './1769510000000-ledger-shipments';
import { CatalogCopy1769700000000 } from './1769700000000-catalog-copy';
import { CatalogOffsets1769720000000 } from './1769720000000-catalog-offsets';
import { LedgerReceipts1769730000000 } from './1769730000000-ledger-receipts';
import { CountingSignalsRoomToUpdate1769800000000 } from './1769800000000-counting-signals-room-to-update';

/** Every migration of the pos_ingestion schema, oldest first. */
export const POS_INGESTION_MIGRATIONS = [CreatePosIngestion1764100000000, DeadLetterArchive1766400000000, PublicationClaims1766500000000, ServiceCredentials1767400000000, StoreOperations1768400000000, CycleCounting1768800000000, WhoCounted1769100000000, LedgerShipments1769510000000, CatalogCopy1769700000000, CatalogOffsets1769720000000, LedgerReceipts1769730000000, CountingSignalsRoomToUpdate1769800000000];
