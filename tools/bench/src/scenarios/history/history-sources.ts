// What the history scenario loads: the real online-retail year, or generated movements of any
// size, as one shape: the movements to publish (streamed), the catalog records to publish after
// them, and the keys and times the later steps draw their queries and count from.
import { resolve } from 'node:path';
import type { EncodedRecord } from '@ledgerline/contracts';
import type { BenchOptions } from '../../options/bench-options';
import { generatedHistory } from '../../workload/generated-history';
import type { HistoryKeys } from '../../workload/history-keys';
import { OnlineRetailHistory } from '../../workload/online-retail-history';

export type LoadedSource = 'online-retail' | 'generated';

export interface HistoryToLoad {
  keys: HistoryKeys;
  movementRecords: () => Iterable<EncodedRecord> | AsyncIterable<EncodedRecord>;
  /** Filled once the movements have been read. */
  catalogRecords: () => { items: EncodedRecord[]; locations: EncodedRecord[] };
  /** What was loaded, once the movements have been read. */
  describe: () => string;
}

export async function historyToLoad(source: LoadedSource, options: BenchOptions, workspaceRoot: string, runId: string): Promise<HistoryToLoad> {
  if (source === 'online-retail') {
    const retail = await OnlineRetailHistory.open(resolve(workspaceRoot, options.historyFile), runId, options.historyRetailInvoices);
    return {
      keys: retail.keys,
      movementRecords: () => retail.movementRecords(),
      catalogRecords: () => ({ items: retail.catalogItems, locations: retail.catalogLocations }),
      describe: () =>
        `${retail.movements.toLocaleString('en-US')} movements of the online-retail file (${spanOf(retail.keys)}; rows skipped as the replay skips them: ${JSON.stringify(retail.assembler.skipped)}; ` +
        `${retail.refused.toLocaleString('en-US')} refused by the movement contract)`,
    };
  }
  const generated = generatedHistory(options.historyKeys, options.locations, options.historyMovements, runId);
  return {
    keys: generated.keys,
    movementRecords: generated.movementRecords,
    catalogRecords: () => ({ items: generated.catalogItems, locations: generated.catalogLocations }),
    describe: () => `${options.historyMovements.toLocaleString('en-US')} generated movements (${spanOf(generated.keys)})`,
  };
}

function spanOf(keys: HistoryKeys): string {
  const day = (time: number) => new Date(time).toISOString().slice(0, 10);
  return `${keys.size.toLocaleString('en-US')} SKU/locations, business time ${day(keys.firstAt)} to ${day(keys.lastAt)}`;
}
