// Sharing a purchase order's cost over its receipts: worked examples, then properties over
// generated orders (the shares add up to the amount exactly, carry its sign, and each is its exact
// share rounded up or down to a ten-thousandth).
import fc from 'fast-check';
import { parseMoney } from '@ledgerline/money';
import {
  LedgerError,
  allocatePurchaseOrderCost,
  purchaseOrderShareId,
  requireDerivableIds,
  requireWithinReceivedValue,
  type PurchaseOrderReceipt,
} from './index';

function receipt(receiptMovementId: string, quantity: number, receivedValue: string, locationId = 'S1'): PurchaseOrderReceipt {
  return { receiptMovementId, sku: `SKU-${receiptMovementId}`, locationId, quantity, receivedValue: parseMoney(receivedValue) };
}

const amountsOf = (allocation: ReturnType<typeof allocatePurchaseOrderCost>) =>
  Object.fromEntries(allocation.shares.map((share) => [share.receipt.receiptMovementId, share.amount]));

describe('a purchase order cost shared over its receipts', () => {
  it('shares by the value each receipt booked', () => {
    const allocation = allocatePurchaseOrderCost(parseMoney('100.00'), [receipt('r1', 10, '300.00'), receipt('r2', 1, '100.00')]);
    expect(allocation.basis).toBe('received-value');
    expect(amountsOf(allocation)).toEqual({ r1: parseMoney('75.00'), r2: parseMoney('25.00') });
  });

  it('gives the ten-thousandths left by rounding down to the largest remainders, ties to the id that sorts first', () => {
    // 1.0000 over three equal receipts: 3333 each and one ten-thousandth left, to r1 (tie, first id).
    const even = allocatePurchaseOrderCost(parseMoney('1'), [receipt('r3', 1, '5'), receipt('r1', 1, '5'), receipt('r2', 1, '5')]);
    expect(amountsOf(even)).toEqual({ r1: 3334n, r2: 3333n, r3: 3333n });
    // 10 ten-thousandths by 1:2:4 (exact 1.43, 2.86, 5.71): floors 1, 2, 5, two left, to r2 (.86) then r3 (.71).
    const uneven = allocatePurchaseOrderCost(10n, [receipt('r1', 1, '1'), receipt('r2', 1, '2'), receipt('r3', 1, '4')]);
    expect(amountsOf(uneven)).toEqual({ r1: 1n, r2: 3n, r3: 6n });
  });

  it('gives the same shares whatever order the receipts are listed in', () => {
    const receipts = [receipt('b', 3, '7.0001'), receipt('a', 5, '7.0001'), receipt('c', 2, '0.3333')];
    const forward = allocatePurchaseOrderCost(parseMoney('12.3457'), receipts);
    const backward = allocatePurchaseOrderCost(parseMoney('12.3457'), [...receipts].reverse());
    expect(amountsOf(backward)).toEqual(amountsOf(forward));
    expect(forward.shares.map((share) => share.receipt.receiptMovementId)).toEqual(['a', 'b', 'c']);
  });

  it('shares by quantity when every receipt booked zero', () => {
    const allocation = allocatePurchaseOrderCost(parseMoney('9.00'), [receipt('r1', 1, '0'), receipt('r2', 2, '0')]);
    expect(allocation.basis).toBe('quantity');
    expect(amountsOf(allocation)).toEqual({ r1: parseMoney('3.00'), r2: parseMoney('6.00') });
  });

  it('gives a receipt that booked zero nothing when others booked value, and derives no landed cost for it', () => {
    const allocation = allocatePurchaseOrderCost(parseMoney('4.00'), [receipt('free', 10, '0'), receipt('paid', 1, '8.00')]);
    expect(allocation.shares).toEqual([{ receipt: expect.objectContaining({ receiptMovementId: 'paid' }), amount: parseMoney('4.00') }]);
  });

  it('shares a lowering correction with the sign on every part', () => {
    const allocation = allocatePurchaseOrderCost(parseMoney('-1'), [receipt('r1', 1, '5'), receipt('r2', 1, '5'), receipt('r3', 1, '5')]);
    expect(amountsOf(allocation)).toEqual({ r1: -3334n, r2: -3333n, r3: -3333n });
  });

  it('names each share after the cost and its receipt', () => {
    expect(purchaseOrderShareId('poc-7', 'erp:rcpt:1')).toBe('poc-7:erp:rcpt:1');
  });

  it('refuses a lowering correction larger than what the receipts booked', () => {
    const receipts = [receipt('r1', 1, '5'), receipt('r2', 1, '5')];
    expect(() => requireWithinReceivedValue('poc', parseMoney('-10.0001'), receipts)).toThrow(LedgerError);
    expect(() => requireWithinReceivedValue('poc', parseMoney('-10'), receipts)).not.toThrow();
    expect(() => requireWithinReceivedValue('poc', parseMoney('-0.0001'), [receipt('r1', 1, '0')])).toThrow(/more than they booked/);
  });

  it('refuses a cost id that would make a derived id longer than a movement id may be', () => {
    expect(() => requireDerivableIds('c'.repeat(64), [receipt('r'.repeat(180), 1, '1')])).toThrow(/shorter cost id/);
    expect(() => requireDerivableIds('c'.repeat(64), [receipt('r'.repeat(176), 1, '1')])).not.toThrow();
  });
});

const receiptsArbitrary = (allZero: boolean) =>
  fc
    .uniqueArray(
      fc.record({
        receiptMovementId: fc.string({ minLength: 1, maxLength: 8 }),
        quantity: fc.integer({ min: 1, max: 100_000 }),
        receivedValue: allZero ? fc.constant(0n) : fc.bigInt({ min: 0n, max: 10n ** 14n }),
      }),
      { minLength: 1, maxLength: 12, selector: (r) => r.receiptMovementId },
    )
    .filter((receipts) => allZero || receipts.some((r) => r.receivedValue > 0n))
    .map((receipts) => receipts.map((r) => ({ ...r, sku: 'SKU', locationId: 'S1' })));

describe('purchase order cost shares (property)', () => {
  const amountArbitrary = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).filter((amount) => amount !== 0n);

  it.each([false, true])('add up to the amount exactly, carry its sign, and stay within a ten-thousandth of the exact share (all receipts at zero: %s)', (allZero) => {
    fc.assert(
      fc.property(amountArbitrary, receiptsArbitrary(allZero), (amount, receipts) => {
        const allocation = allocatePurchaseOrderCost(amount, receipts);
        expect(allocation.basis).toBe(allZero ? 'quantity' : 'received-value');
        expect(allocation.shares.reduce((sum, share) => sum + share.amount, 0n)).toBe(amount);
        const weightOf = (r: PurchaseOrderReceipt) => (allZero ? BigInt(r.quantity) : r.receivedValue);
        const total = receipts.reduce((sum, r) => sum + weightOf(r), 0n);
        for (const r of receipts) {
          const share = allocation.shares.find((s) => s.receipt.receiptMovementId === r.receiptMovementId)?.amount ?? 0n;
          expect(share === 0n || share > 0n === amount > 0n).toBe(true);
          // |share x total - amount x weight| < total: the share is its exact value rounded one way or the other.
          const error = share * total - amount * weightOf(r);
          expect(error < total && error > -total).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives no receipt more of a positive amount than a receipt of larger weight', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), receiptsArbitrary(false), (amount, receipts) => {
        const shareOf = new Map(allocatePurchaseOrderCost(amount, receipts).shares.map((s) => [s.receipt.receiptMovementId, s.amount]));
        for (const a of receipts)
          for (const b of receipts)
            if (a.receivedValue > b.receivedValue) expect((shareOf.get(a.receiptMovementId) ?? 0n) >= (shareOf.get(b.receiptMovementId) ?? 0n)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
