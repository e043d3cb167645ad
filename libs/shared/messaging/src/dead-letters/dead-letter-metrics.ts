// ledgerline_dead_letters_open{reason_code}: open dead letters in this service's archive, counted
// when /metrics is read (the dashboard shows them) from the index of open letters, so the cost
// follows the letters still open, not the archive's history; nothing runs while nobody asks.
import { Gauge } from 'prom-client';
import { JsonLogger, metricsRegistry } from '@ledgerline/runtime';
import type { DeadLetterArchive } from './dead-letter-archive';

export const OPEN_DEAD_LETTERS_METRIC = 'ledgerline_dead_letters_open';

const archives = new Set<DeadLetterArchive>();
const logger = new JsonLogger('DeadLetterMetrics');

new Gauge({
  name: OPEN_DEAD_LETTERS_METRIC,
  help: 'Dead letters neither replayed nor discarded, by reason code',
  labelNames: ['reason_code'],
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    for (const archive of archives) {
      try {
        for (const { reasonCode, count } of await archive.countsByReason('open')) this.inc({ reason_code: reasonCode }, count);
      } catch (error) {
        // The database is out of reach: its readiness check says so; the page still answers.
        logger.warn('open dead letters not counted', { error });
      }
    }
  },
});

/** Counts this archive's open letters in the gauge until the returned function is called. */
export function countOpenDeadLetters(archive: DeadLetterArchive): () => void {
  archives.add(archive);
  return () => archives.delete(archive);
}
