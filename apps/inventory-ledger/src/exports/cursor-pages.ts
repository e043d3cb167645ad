// One query read a page at a time through a server-side cursor, in one read-only snapshot: for
// exports whose order no index gives page by page. The connection is held until the last page is
// read or the reader stops (the generator's finally ends the transaction and gives it back); at
// most CURSOR_EXPORT_SLOTS such exports at once.
import type { DataSource } from 'typeorm';
import { CURSOR_EXPORT_SLOTS } from './cursor-slots';

export async function* cursorPages<Row>(dataSource: DataSource, query: string, parameters: unknown[], pageRows: number, slots = CURSOR_EXPORT_SLOTS): AsyncGenerator<Row[]> {
  const giveBack = slots.take();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await runner.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${query}`, parameters);
    for (;;) {
      const page: Row[] = await runner.query(`FETCH ${pageRows} FROM export_rows`);
      if (page.length > 0) yield page;
      if (page.length < pageRows) break;
    }
  } finally {
    try {
      // Read only: ending it commits nothing, and a connection left mid-transaction must not go back to the pool.
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    } finally {
      giveBack();
    }
  }
}
