// Follows inventory.stock-changed.v1 into the counting signals (count_signal, count_signal_day).
// An event that breaks its contract stops its partition here (StallOnMalformedEvent). Stopping
// delays only the counting signals; the intake of sales and store operations does not depend on them.
import { stockChangedFollower, type StockChangedFollowerConsumer, type StockChangedFollowerOptions } from '../intake/stock-changed-following';
import type { CountSignalsSql } from './count-signals-sql';
import { stockChangeSignal } from './stock-change-signal';

/** The batch consumer of stock-changed for the counting signals; its owner starts and stops it. */
export function countSignalsConsumer(signals: CountSignalsSql, options: StockChangedFollowerOptions): StockChangedFollowerConsumer {
  return stockChangedFollower(
    { name: 'count-signals', loggerName: 'CountSignalsConsumer', waiting: 'counting signals', handle: (events) => signals.record(events.map(stockChangeSignal)) },
    options,
  );
}
