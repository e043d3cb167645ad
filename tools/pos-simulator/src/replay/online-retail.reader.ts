// Reads the Online Retail file (gzipped CSV, see /work/shared/data/README.md) as the invoices the
// mapper assembles from it, in file order, counting the rows it cannot use in the assembler.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parseCsvLine } from './csv-line.parser';
import { InvoiceAssembler, ONLINE_RETAIL_HEADER, parseRetailRow, type ReplayInvoice } from './online-retail.mapper';

/** Stops reading the file when the caller stops iterating. */
export async function* readOnlineRetailInvoices(path: string, assembler = new InvoiceAssembler()): AsyncGenerator<ReplayInvoice> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  try {
    let header = true;
    for await (const line of lines) {
      if (header) {
        header = false;
        if (line.trim() !== ONLINE_RETAIL_HEADER) throw new Error(`REPLAY.UNEXPECTED_HEADER: ${path} starts with "${line.slice(0, 120)}", expected "${ONLINE_RETAIL_HEADER}"`);
        continue;
      }
      const row = parseRetailRow(parseCsvLine(line));
      if (!row) {
        assembler.skipped.unusable += 1;
        continue;
      }
      const completed = assembler.add(row);
      if (completed) yield completed;
    }
    const last = assembler.finish();
    if (last) yield last;
  } finally {
    lines.close();
  }
}
