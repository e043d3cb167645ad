// The bulk-load command's arguments (cli/bulk-load.ts; docs/operations/bulk-load.md).
import type { LedgerEventsPolicy } from '../ledger/ledger-writer';

export const BULK_LOAD_USAGE = `usage: bulk-load --file <path|-> [--events withhold|publish] [--batch-size N] [--lanes N] [--refused <path>]
  --file        NDJSON, one enveloped inventory.movements.v1 value per line (a .gz file is read through gunzip; - reads stdin)
  --events      withhold (default): the loaded movements' stock-changed, stock-levels and alert events are recorded as
                published without being sent; publish: the ledger's outbox relay sends them as it does for consumed ones
  --batch-size  movements per batch (default 5000)
  --lanes       batches applied side by side (default 2)
  --refused     where to write the refused lines' reports, NDJSON (default: standard error)`;

export interface BulkLoadCommand {
  file: string;
  events: LedgerEventsPolicy;
  batchSize: number;
  lanes: number;
  refused: string | undefined;
}

export function parseBulkLoadCommand(argv: readonly string[]): { ok: true; command: BulkLoadCommand } | { ok: false; message: string } {
  const command: Partial<BulkLoadCommand> = { events: 'withhold', batchSize: 5_000, lanes: 2 };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]];
    if (value === undefined) return { ok: false, message: `${flag} needs a value\n${BULK_LOAD_USAGE}` };
    switch (flag) {
      case '--file':
        command.file = value;
        break;
      case '--refused':
        command.refused = value;
        break;
      case '--events':
        if (value !== 'withhold' && value !== 'publish') return { ok: false, message: `--events must be withhold or publish, not ${value}\n${BULK_LOAD_USAGE}` };
        command.events = value;
        break;
      case '--batch-size':
      case '--lanes': {
        const number = /^[1-9]\d{0,6}$/.test(value) ? Number(value) : Number.NaN;
        if (Number.isNaN(number)) return { ok: false, message: `${flag} must be a positive integer, not ${value}\n${BULK_LOAD_USAGE}` };
        if (flag === '--lanes') command.lanes = number;
        else command.batchSize = number;
        break;
      }
      default:
        return { ok: false, message: `unknown argument ${String(flag)}\n${BULK_LOAD_USAGE}` };
    }
  }
  if (command.file === undefined) return { ok: false, message: `--file is required\n${BULK_LOAD_USAGE}` };
  return { ok: true, command: command as BulkLoadCommand };
}
