// The columns of each export, in CSV order, each declared text or number (@ledgerline/csv: text
// is spreadsheet-safe, numbers stay numbers) with its JSON field name.
import type { ExportColumn } from './export-writer';
import type { BalanceExportRow, MovementExportRow, ValuationAsOfRow } from './export-sql';

export interface ValuationExportRow extends ValuationAsOfRow {
  /** Inventory value per unit on hand, half to even to a ten-thousandth; null when none on hand. */
  averageUnitCost: string | null;
}

const text = <Row>(field: keyof Row & string, value: (row: Row) => string | null = (row) => row[field] as string | null): ExportColumn<Row> => ({
  field,
  header: field,
  kind: 'text',
  value,
});
const number = <Row>(field: keyof Row & string): ExportColumn<Row> => ({ field, header: field, kind: 'number', value: (row) => row[field] as string | null });
const time = (value: Date | null) => (value instanceof Date ? value.toISOString() : null);

export const STOCK_COLUMNS: Array<ExportColumn<BalanceExportRow>> = [
  text('locationId'),
  text('sku'),
  number('onHand'),
  number('inTransit'),
  number('onOrder'),
  number('reserved'),
  { field: 'available', header: 'available', kind: 'number', value: (row) => String(BigInt(row.onHand) - BigInt(row.reserved)) },
  number('inventoryValue'),
  number('averageUnitCost'),
  text('lastMovementAt', (row) => time(row.lastMovementAt)),
];

export const VALUATION_COLUMNS: Array<ExportColumn<ValuationExportRow>> = [
  text('locationId'),
  text('sku'),
  number('onHand'),
  number('inventoryValue'),
  number('averageUnitCost'),
  number('inTransit'),
  number('inTransitValue'),
  text('valuationMethod'),
];

export const MOVEMENT_COLUMNS: Array<ExportColumn<MovementExportRow>> = [
  text('recordedAt', (row) => time(row.recordedAt)),
  text('occurredAt', (row) => time(row.occurredAt)),
  text('locationId'),
  text('sku'),
  number('balanceVersion'),
  text('movementId'),
  text('kind'),
  text('reasonCode'),
  number('quantityDelta'),
  number('onHandAfter'),
  number('valueDelta'),
  number('costOfGoodsSold'),
  text('causedByMovementId'),
  text('postingDay'),
];
