// Costs brought into the valuation currency: converted once on the exact total, refused without a
// rate, and a cost that could not be an amount of money refused before it reaches a balance.
import { applyMovement } from './apply-movement';
import { LedgerError } from './ledger-error';
import { emptyBalance } from './stock-balance';
import { costInValuationCurrency, parseExchangeRate } from './valuation-currency';
import { SKU, STORE, money, receipt } from '../test/movement-builders';

const stated = { movementId: 'r1', quantity: 3, unitCost: money('3.3333'), totalCost: money('10') };

function refusal(action: () => unknown): LedgerError {
  try {
    action();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected a LedgerError');
}

describe('costInValuationCurrency', () => {
  it('keeps a cost in the valuation currency as stated, with or without a currency code', () => {
    expect(costInValuationCurrency(stated, 'EUR')).toEqual({ unitCost: money('3.3333'), totalCost: money('10') });
    expect(costInValuationCurrency({ ...stated, currency: 'EUR', exchangeRate: '1.00' }, 'EUR')).toEqual({ unitCost: money('3.3333'), totalCost: money('10') });
    expect(costInValuationCurrency({ movementId: 'r2', quantity: 4, unitCost: money('2.5'), currency: 'EUR' }, 'EUR')).toEqual({ unitCost: money('2.5') });
  });

  it('converts the exact total once, half to even, and rounds the unit cost from the converted total', () => {
    // 10.0000 USD x 0.9234567891 = 9.234567891 EUR -> 9.2346; per unit 3.0782 (display only).
    expect(costInValuationCurrency({ ...stated, currency: 'USD', exchangeRate: '0.9234567891' }, 'EUR')).toEqual({
      unitCost: money('3.0782'),
      totalCost: money('9.2346'),
    });
    // Without a total, quantity x unitCost is the stated total: 3 x 2.0001 x 1.5 = 9.00045 -> 9.0004 (half to even).
    expect(costInValuationCurrency({ movementId: 'r3', quantity: 3, unitCost: money('2.0001'), currency: 'USD', exchangeRate: '1.5' }, 'EUR').totalCost).toBe(money('9.0004'));
  });

  it('refuses a cost in another currency without a rate, naming both currencies', () => {
    const error = refusal(() => costInValuationCurrency({ ...stated, currency: 'USD' }, 'EUR'));
    expect(error).toMatchObject({ code: 'LEDGER.CURRENCY_MISMATCH', field: 'currency' });
    expect(error.message).toMatch(/USD.*EUR/);
  });

  it('refuses a rate of zero, a malformed rate, and a rate other than 1 for the valuation currency itself', () => {
    for (const rate of ['0', '0.0000000000', '-1', '1e3', '']) {
      expect(refusal(() => parseExchangeRate(rate, 'r1'))).toMatchObject({ code: 'LEDGER.INVALID_MOVEMENT', field: 'exchangeRate' });
    }
    expect(refusal(() => costInValuationCurrency({ ...stated, exchangeRate: '1.1' }, 'EUR'))).toMatchObject({ code: 'LEDGER.INVALID_MOVEMENT', field: 'exchangeRate' });
  });
});

describe('costs the rules refuse', () => {
  const balance = emptyBalance(SKU, STORE);

  it('refuses a total that tells another story than quantity x unitCost', () => {
    const wrong = { ...receipt({ id: 'r1', quantity: 3, unitCost: '3.3333' }), totalCost: money('10.0100') };
    expect(refusal(() => applyMovement(balance, wrong))).toMatchObject({ code: 'LEDGER.INVALID_MOVEMENT', field: 'totalCost' });
    const withinRounding = { ...receipt({ id: 'r2', quantity: 3, unitCost: '3.3333' }), totalCost: money('10') };
    expect(applyMovement(balance, withinRounding).balance.inventoryValue).toBe(money('10'));
  });

  it('refuses a value beyond what an amount of money can be', () => {
    const absurd = receipt({ id: 'r1', quantity: 1_000_000_000, unitCost: '999999999999999' });
    expect(refusal(() => applyMovement(balance, absurd))).toMatchObject({ code: 'LEDGER.COST_OUT_OF_RANGE', field: 'unitCost' });
  });
});
