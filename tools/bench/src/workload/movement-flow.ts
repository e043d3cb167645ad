// Sales and receipts on the movements topic at a steady rate while something else is measured,
// over the stocked keys and a share on one hot key, keeping the tally of units received and sold
// that the ledger's balances must match once it has applied them all.
import type { Kafka, Producer } from 'kafkajs';
import { posMovementId } from '@ledgerline/pos-domain';
import { keyHashPartitioner } from '@ledgerline/messaging';
import { encodeMovement, receiptMovement } from './movement-workload';
import { seededRandom } from './seeded-random';
import type { StockKey, StockUniverse } from './stock-universe';

const TICKS_PER_SECOND = 10;

export class MovementFlow {
  received = 0;
  sold = 0;
  produced = 0;
  private readonly random = seededRandom(7);
  /** Numbers each movement's document or transaction, so every id is new. */
  private sequence = 0;
  private producer: Producer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly universe: StockUniverse,
    private readonly stockedKeys: number,
    private readonly runId: string,
    private readonly hotKey: StockKey,
  ) {}

  async connect(): Promise<void> {
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: keyHashPartitioner });
    await this.producer.connect();
  }

  /** A receipt of `quantity` at the key, counted, sent now. */
  async receive(key: StockKey, quantity: number): Promise<void> {
    await this.send([this.receipt(key, quantity)]);
  }

  /** Sends `perSecond` movements a second (a fifth of them on the hot key) until stopped. */
  start(perSecond: number): void {
    const perTick = Math.max(1, Math.round(perSecond / TICKS_PER_SECOND));
    this.timer = setInterval(() => {
      this.sending = this.sending.then(() => this.send(Array.from({ length: perTick }, () => this.next()))).catch((error: unknown) => {
        this.failure ??= error;
      });
    }, 1000 / TICKS_PER_SECOND);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sending;
    if (this.failure !== undefined) throw this.failure;
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
  }

  private next(): { key: string | null; value: string } {
    const key = this.random() < 0.2 ? this.hotKey : this.universe.key(Math.floor(this.random() * this.stockedKeys));
    return this.random() < 0.5 ? this.receipt(key, 2) : this.sale(key);
  }

  private receipt(key: StockKey, quantity: number) {
    this.received += quantity;
    return encodeMovement(receiptMovement(key, `DN-${this.runId}-${++this.sequence}`, 1, Date.now(), quantity), 'erp');
  }

  private sale(key: StockKey) {
    this.sold += 1;
    const transactionId = `${key.locationId}-T01-${this.runId}-${++this.sequence}`;
    return encodeMovement(
      {
        movementId: posMovementId(key.locationId, transactionId, 1),
        kind: 'sale',
        sku: key.sku,
        locationId: key.locationId,
        quantity: 1,
        occurredAt: new Date().toISOString(),
        source: { system: 'pos', storeId: key.locationId, terminalId: 'T01', transactionId, lineNumber: 1 },
        unitPrice: '4.99',
        currency: 'EUR',
      },
      'pos-ingestion',
    );
  }

  private async send(messages: Array<{ key: string | null; value: string }>): Promise<void> {
    if (!this.producer) throw new Error('MovementFlow.connect() first');
    this.produced += messages.length;
    await this.producer.send({ topic: this.topic, acks: -1, messages });
  }
}
