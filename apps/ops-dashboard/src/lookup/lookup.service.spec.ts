import { sortByCover } from './lookup.service';

describe('sortByCover', () => {
  const rows = [
    { sku: 'D', daysOfCover: null },
    { sku: 'B', daysOfCover: 12.5 },
    { sku: 'A', daysOfCover: null },
    { sku: 'C', daysOfCover: 3 },
    { sku: 'E', daysOfCover: 3 },
  ];

  it('orders by days of cover, ties by SKU, keys without a forecast last', () => {
    expect(sortByCover(rows, 1).map((row) => row.sku)).toEqual(['C', 'E', 'B', 'A', 'D']);
  });

  it('keeps keys without a forecast last when descending too', () => {
    expect(sortByCover(rows, -1).map((row) => row.sku)).toEqual(['B', 'C', 'E', 'A', 'D']);
  });
});
