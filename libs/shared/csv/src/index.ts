export { csvHeader, csvRecord, neutraliseFormula, type CsvCellValue, type CsvColumn } from './csv-record';
export { CsvError } from './csv-error';
