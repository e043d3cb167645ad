// POS traffic for the end-to-end scenario: sale tickets of a few lines each from every store's
// tills, over the SKUs stocked there, skewed towards fast movers. Each line's movement id is the
// one pos-ingestion will give it (posMovementId), which is how its stock-changed event is matched.
import type { PosTransactionV1 } from '@ledgerline/contracts';
import { posMovementId } from '@ledgerline/pos-domain';
import { seededRandom, type Random } from './seeded-random';
import type { StockUniverse } from './stock-universe';

export interface PosRequest {
  storeId: string;
  transactions: PosTransactionV1[];
  /** Movement ids of each transaction's lines, by transaction index. */
  movementIds: string[][];
  lines: number;
}

export class PosTraffic {
  private readonly random: Random;
  private sequence = 0;

  constructor(
    private readonly universe: StockUniverse,
    private readonly stockedKeys: number,
    private readonly runId: string,
    private readonly transactionsPerRequest: number,
    private readonly linesPerTransaction: number,
    seed = 7,
  ) {
    this.random = seededRandom(seed);
  }

  /** The next request, from the stores in turn (one credential per store). */
  nextRequest(): PosRequest {
    const storeId = this.universe.location(this.sequence % this.universe.locationCount);
    const transactions: PosTransactionV1[] = [];
    const movementIds: string[][] = [];
    const occurredAt = new Date().toISOString();
    for (let index = 0; index < this.transactionsPerRequest; index++) {
      const transactionId = `${storeId}-T01-${this.runId}-${this.sequence++}`;
      const skus = new Set<string>();
      while (skus.size < this.linesPerTransaction) skus.add(this.universe.popularSkuAt(this.random, this.stockedKeys));
      const lines = [...skus].map((sku, line) => ({ lineNumber: line + 1, sku, quantity: 1 + Math.floor(this.random() * 2), unitPrice: '4.99' }));
      transactions.push({ transactionId, storeId, terminalId: 'T01', occurredAt, type: 'sale', currency: 'EUR', lines });
      movementIds.push(lines.map((line) => posMovementId(storeId, transactionId, line.lineNumber)));
    }
    return { storeId, transactions, movementIds, lines: this.transactionsPerRequest * this.linesPerTransaction };
  }
}
