/** A value the CSV writer refuses to write, with a stable code. */
export class CsvError extends Error {
  constructor(
    readonly code: 'CSV.NOT_A_NUMBER',
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'CsvError';
  }
}
