// Counters of one simulator run and the one-line status printed every few seconds.
import type { OutcomeCounts } from '../io/pos-ingestion.client';

export interface SimulationStats extends OutcomeCounts {
  /** Transactions handed to pos-ingestion (resends included). */
  sent: number;
  /** Basket lines in those transactions. */
  lines: number;
  resends: number;
  offlineReplays: number;
  /** Records the ERP side published to Kafka (catalog, receipts, orders, adjustments). */
  erpRecords: number;
  ordersPlaced: number;
  receiptsPosted: number;
  /** Transactions generated but waiting for their till to finish earlier ones. */
  queued: number;
  offlineTerminals: number;
}

export function emptyStats(): SimulationStats {
  return {
    sent: 0, lines: 0, resends: 0, offlineReplays: 0, accepted: 0, duplicate: 0, conflict: 0, rejected: 0, failed: 0, throttled: 0,
    erpRecords: 0, ordersPlaced: 0, receiptsPosted: 0, queued: 0, offlineTerminals: 0,
  };
}

/** `elapsed 35s | sent 412 (11.8/s, 35.0 lines/s) | accepted 398 duplicate 9 ...` */
export function formatStatusLine(current: SimulationStats, previous: SimulationStats, elapsedSeconds: number, intervalSeconds: number): string {
  const perSecond = (now: number, before: number) => (intervalSeconds > 0 ? (now - before) / intervalSeconds : 0).toFixed(1);
  return [
    `elapsed ${Math.round(elapsedSeconds)}s`,
    `sent ${current.sent} (${perSecond(current.sent, previous.sent)}/s, ${perSecond(current.lines, previous.lines)} lines/s)`,
    `accepted ${current.accepted} duplicate ${current.duplicate} conflict ${current.conflict} rejected ${current.rejected} failed ${current.failed}`,
    `429s ${current.throttled}`,
    `queued ${current.queued} offline tills ${current.offlineTerminals}`,
    `erp records ${current.erpRecords} orders ${current.ordersPlaced} receipts ${current.receiptsPosted}`,
  ].join(' | ');
}
