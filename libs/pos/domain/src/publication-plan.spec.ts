// Given stored transactions (locked together), when planning, then the right movements go out in
// the right order and parked voids are resolved.
import type { PosTransactionV1 } from '@ledgerline/contracts';
import { aReturn, aSale, aVoidOf } from '../test/transaction-builders';
import { planPublication, type StoredTransaction, type StoredTransactionStatus } from './index';

const stored = (transaction: PosTransactionV1, status: StoredTransactionStatus = 'accepted', published = false): StoredTransaction => ({
  transaction,
  status,
  published,
});
const published = (plan: ReturnType<typeof planPublication>) => plan.publish.map((entry) => entry.transactionId);

describe('planPublication', () => {
  const sale = aSale();
  const saleVoid = aVoidOf(sale);

  it('publishes sales and returns not yet published, and nothing already published', () => {
    const plan = planPublication([stored(sale), stored(aReturn(), 'accepted', true)]);
    expect(published(plan)).toEqual([sale.transactionId]);
    expect(plan.publish[0]?.movements.map((movement) => movement.movementId)).toEqual(['pos:S001:S001-T03-000418:1', 'pos:S001:S001-T03-000418:2']);
    expect(plan.reject).toEqual([]);
  });

  it('publishes a void after its original when both go out together, whatever order they were given in', () => {
    const plan = planPublication([stored(saleVoid, 'pending-original'), stored(sale)]);
    expect(published(plan)).toEqual([sale.transactionId, saleVoid.transactionId]);
    expect(plan.publish[1]?.movements.every((movement) => movement.kind === 'void')).toBe(true);
  });

  it('publishes a void whose original is already out', () => {
    expect(published(planPublication([stored(sale, 'accepted', true), stored(saleVoid)]))).toEqual([saleVoid.transactionId]);
  });

  it('keeps a void parked while its original is unknown or held by someone else', () => {
    expect(planPublication([stored(saleVoid, 'pending-original')])).toEqual({ publish: [], reject: [], waiting: [] });
  });

  it('rejects a parked void whose original turned out to be a void', () => {
    const voidOfVoid = aVoidOf(saleVoid);
    const plan = planPublication([stored(saleVoid, 'accepted', true), stored(voidOfVoid, 'pending-original')]);
    expect(plan.publish).toEqual([]);
    expect(plan.reject).toEqual([
      { storeId: 'S001', transactionId: voidOfVoid.transactionId, violation: expect.objectContaining({ code: 'INTAKE.VOID_OF_VOID' }) },
    ]);
  });

  it('ignores rejected and already published voids', () => {
    expect(planPublication([stored(sale, 'accepted', true), stored(saleVoid, 'rejected')])).toEqual({ publish: [], reject: [], waiting: [] });
    expect(planPublication([stored(sale, 'accepted', true), stored(saleVoid, 'accepted', true)])).toEqual({ publish: [], reject: [], waiting: [] });
  });

  it('leaves a transaction another publisher claimed to it, and waits for it', () => {
    const claimed: StoredTransaction = { ...stored(sale), claimedElsewhere: true };
    const other = aReturn();
    const plan = planPublication([claimed, stored(other)]);
    expect(published(plan)).toEqual([other.transactionId]);
    expect(plan.waiting).toEqual([{ storeId: sale.storeId, transactionId: sale.transactionId }]);
  });

  it('holds a void back while another publisher is sending its original, and lets it go once the original is out', () => {
    const whileSending = planPublication([{ ...stored(sale), claimedElsewhere: true }, stored(saleVoid)]);
    expect(whileSending.publish).toEqual([]);
    expect(whileSending.waiting.map((key) => key.transactionId)).toEqual([sale.transactionId, saleVoid.transactionId]);
    expect(published(planPublication([stored(sale, 'accepted', true), stored(saleVoid)]))).toEqual([saleVoid.transactionId]);
  });

  it('publishes a void and its original together when the claim on the original has ended', () => {
    expect(published(planPublication([{ ...stored(sale), claimedElsewhere: false }, stored(saleVoid)]))).toEqual([sale.transactionId, saleVoid.transactionId]);
  });

  it('tells transactions of different stores with the same id apart', () => {
    const other = aSale({ storeId: 'S002' });
    const plan = planPublication([stored(sale, 'accepted', true), stored(other), stored(aVoidOf(other))]);
    expect(plan.publish.map((entry) => `${entry.storeId}/${entry.transactionId}`)).toEqual([
      `S002/${other.transactionId}`,
      `S002/${other.transactionId}-V`,
    ]);
  });

  it('lists the fields of each planned entry in one order: the key, then its movements or violation', () => {
    const plan = planPublication([stored(sale), stored(saleVoid)]);
    expect(plan.publish.map((entry) => Object.keys(entry))).toEqual([
      ['storeId', 'transactionId', 'movements'],
      ['storeId', 'transactionId', 'movements'],
    ]);
    const rejected = planPublication([stored(saleVoid, 'accepted', true), stored(aVoidOf(saleVoid), 'pending-original')]);
    expect(rejected.reject.map((entry) => Object.keys(entry))).toEqual([['storeId', 'transactionId', 'violation']]);
  });
});
