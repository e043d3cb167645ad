// Decodes what the intake consumer reads. Stock-changed events must match their contract and the
// stock change rules; one that does not is refused with a code of FORECASTING_MESSAGE_ERRORS and
// goes to forecasting.stock-changed.dead-letter.v1 with its original bytes, so a corrected replay
// (on forecasting.stock-changed.replay.v1, the same contract) is decoded here again. From the movement stream only purchase orders and receipts matter, and a
// malformed movement is the ledger's to dead-letter, so anything else there is passed over.
import { TOPICS, decodeEvent, type TopicValue } from '@ledgerline/contracts';
import type { DecodeResult, RawRecord } from '@ledgerline/messaging';
import type { StockChange } from '../domain/stock-change';
import { type ForecastingMessageError, stockChangeRuleViolation } from '../domain/stock-change-rules';

export type IntakeRecord =
  | { readonly kind: 'stock-changed'; readonly change: StockChange; readonly cause: { readonly eventId: string; readonly correlationId: string } }
  | { readonly kind: 'movement'; readonly envelope: TopicValue<'inventory.movements.v1'> }
  | { readonly kind: 'ignored' };

const LEAD_TIME_KINDS = /"kind"\s*:\s*"(order-placed|receipt)"/;

export type IntakeDecodeResult = DecodeResult<IntakeRecord> & ({ ok: true } | { reasonCode: ForecastingMessageError });

/** `stockChangeTopics`: stock-changed and the replay topic, as this deployment names them. */
export function decodeIntakeRecord(record: RawRecord, stockChangeTopics: ReadonlySet<string>): IntakeDecodeResult {
  if (!stockChangeTopics.has(record.topic)) return decodeMovement(record);
  const result = decodeEvent(TOPICS.stockChanged, record.value);
  if (!result.ok) return { ok: false, reasonCode: result.reasonCode, reason: result.reason, errors: [...result.errors] };
  const { payload, eventId, correlationId } = result.value;
  const violation = stockChangeRuleViolation(payload);
  if (violation !== null) return { ok: false, ...violation };
  return {
    ok: true,
    value: {
      kind: 'stock-changed',
      change: {
        movementId: payload.movementId,
        kind: payload.kind,
        sku: payload.sku,
        locationId: payload.locationId,
        quantityDelta: payload.quantityDelta,
        onHand: payload.onHand,
        onOrder: payload.onOrder,
        inTransit: payload.inTransit,
        balanceVersion: payload.balanceVersion,
        occurredAt: Date.parse(payload.occurredAt),
      },
      cause: { eventId, correlationId },
    },
  };
}

function decodeMovement(record: RawRecord): IntakeDecodeResult {
  // Cheap look before the full validation: most movements are sales this service ignores here.
  if (record.value === null || !LEAD_TIME_KINDS.test(record.value.toString('utf8'))) return { ok: true, value: { kind: 'ignored' } };
  const result = decodeEvent(TOPICS.inventoryMovements, record.value);
  return { ok: true, value: result.ok ? { kind: 'movement', envelope: result.value } : { kind: 'ignored' } };
}
