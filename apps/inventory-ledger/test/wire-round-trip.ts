// Test support: a movement as the ledger meets it after Kafka, through the real envelope, the
// inventory-movement contract and the mapper, so value checks see what the wire carries.
import { TOPICS, createEnvelope, decodeEvent, type InventoryMovementV1 } from '@ledgerline/contracts';
import type { Movement } from '@ledgerline/inventory-domain';
import { toDomainMovement, toWireMovement } from '../src/ledger/movement-mapper';

/** The wire movement encoded, decoded and mapped with the ledger's valuation currency; throws on a contract violation. */
export function receivedOverWire(wire: InventoryMovementV1, valuationCurrency: string): Movement {
  const bytes = Buffer.from(JSON.stringify(createEnvelope(TOPICS.inventoryMovements, wire, { producer: 'erp', occurredAt: wire.occurredAt })));
  const decoded = decodeEvent(TOPICS.inventoryMovements, bytes);
  if (!decoded.ok) throw new Error(`${decoded.reasonCode}: ${decoded.reason} ${JSON.stringify(decoded.errors)}`);
  return toDomainMovement(decoded.value.payload, valuationCurrency);
}

/** A movement the ledger derived, as its destination receives it once published. */
export function derivedOverWire(movement: Movement, valuationCurrency: string): Movement {
  return receivedOverWire(toWireMovement(movement), valuationCurrency);
}
