import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InvoiceAssembler, ONLINE_RETAIL_HEADER } from './online-retail.mapper';
import { readOnlineRetailInvoices } from './online-retail.reader';

describe('readOnlineRetailInvoices', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'online-retail-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  const fileWith = async (name: string, lines: string[]) => {
    const file = join(directory, name);
    await writeFile(file, gzipSync(`${lines.join('\n')}\n`));
    return file;
  };

  it('yields the invoices of the gzipped file in order, the last one too, and counts the rows it cannot read', async () => {
    const file = await fileWith('retail.csv.gz', [
      ONLINE_RETAIL_HEADER,
      '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
      '536365,71053,"LANTERN, WHITE METAL",6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
      'not,a,row',
      'C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,France',
      '536380,22961,JAM MAKING SET PRINTED,24,2010-12-01 09:41:00,1.45,17809.0,France',
    ]);
    const assembler = new InvoiceAssembler();
    const invoices = [];
    for await (const invoice of readOnlineRetailInvoices(file, assembler)) invoices.push(invoice);
    expect(invoices.map((invoice) => [invoice.invoiceNo, invoice.storeId, invoice.sales.length])).toEqual([
      ['536365', 'WEB-UNITED-KINGDOM', 2],
      ['C536379', 'WEB-FRANCE', 0],
      ['536380', 'WEB-FRANCE', 1],
    ]);
    expect(assembler.skipped).toEqual({ 'non-stock': 1, 'bad-debt': 0, unusable: 1 });
  });

  it('refuses a file that is not the online-retail file', async () => {
    const file = await fileWith('other.csv.gz', ['sku,quantity', 'A,1']);
    await expect(readOnlineRetailInvoices(file).next()).rejects.toThrow(/REPLAY.UNEXPECTED_HEADER/);
  });
});
