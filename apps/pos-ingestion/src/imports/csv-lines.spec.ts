import { Readable } from 'node:stream';
import { CsvStreamError, utf8Lines } from './csv-lines';

async function linesOf(chunks: Buffer[], maxBytes = 1_000): Promise<string[]> {
  const lines: string[] = [];
  for await (const { number, text } of utf8Lines(Readable.from(chunks), maxBytes)) lines.push(`${number}:${text}`);
  return lines;
}

describe('utf8Lines', () => {
  it('numbers lines across chunks, also when a character is split between two chunks', async () => {
    const text = Buffer.from('sku,countedQuantity\nCAFÉ,2\r\nTEA,1');
    const cut = text.indexOf(Buffer.from('É')) + 1;
    expect(await linesOf([text.subarray(0, cut), text.subarray(cut)])).toEqual(['1:sku,countedQuantity', '2:CAFÉ,2\r', '3:TEA,1']);
  });

  it('stops at a byte sequence that is not UTF-8, naming the line', async () => {
    const latin1 = Buffer.from('sku,countedQuantity\nCAF\xC9,2\n', 'latin1');
    await expect(linesOf([latin1])).rejects.toMatchObject({ kind: 'not-utf8', line: 2 });
  });

  it('stops beyond the size limit', async () => {
    const error = await linesOf([Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b')]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CsvStreamError);
    expect(error).toMatchObject({ kind: 'too-large' });
  });
});
