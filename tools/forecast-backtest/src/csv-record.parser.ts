/**
 * Streaming CSV (RFC 4180) record parser: feed it text chunks as they arrive and it returns the
 * complete records. Quoted fields may hold commas, doubled quotes and line breaks, and a record
 * may straddle two chunks, which is why this is a state machine rather than `line.split(',')`.
 */

export class CsvRecordParser {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  /** A quote seen inside a quoted field: either the closing quote or the first of a doubled pair. */
  private quotePending = false;
  private sawAnyCharacter = false;

  /** Parses one chunk; returns the records completed within it. */
  push(chunk: string): string[][] {
    const completed: string[][] = [];
    let fieldStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk.charCodeAt(i);
      this.sawAnyCharacter = true;
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (char === QUOTE) {
            this.field += '"';
            fieldStart = i + 1;
            continue;
          }
          // The pending quote closed the quoted part; `char` is read as unquoted text below.
          this.inQuotes = false;
        } else {
          if (char === QUOTE) {
            this.field += chunk.slice(fieldStart, i);
            this.quotePending = true;
            fieldStart = i + 1;
          }
          continue;
        }
      }
      if (char === COMMA) {
        this.field += chunk.slice(fieldStart, i);
        this.record.push(this.field);
        this.field = '';
        fieldStart = i + 1;
      } else if (char === NEWLINE || char === CARRIAGE_RETURN) {
        this.field += chunk.slice(fieldStart, i);
        fieldStart = i + 1;
        // CR LF ends the record at the LF; a lone CR ends it by itself.
        if (char === NEWLINE || chunk.charCodeAt(i + 1) !== NEWLINE) this.finishRecord(completed);
      } else if (char === QUOTE && this.field === '' && fieldStart === i) {
        this.inQuotes = true;
        fieldStart = i + 1;
      }
    }
    this.field += chunk.slice(fieldStart);
    return completed;
  }

  /** Flushes a final record that had no trailing newline. */
  end(): string[][] {
    if (this.inQuotes && !this.quotePending) {
      throw new Error('CSV.UNTERMINATED_QUOTE: the input ended inside a quoted field');
    }
    this.inQuotes = false;
    this.quotePending = false;
    const completed: string[][] = [];
    if (this.sawAnyCharacter || this.field !== '' || this.record.length > 0) this.finishRecord(completed);
    return completed;
  }

  private finishRecord(completed: string[][]): void {
    this.record.push(this.field);
    // A blank line is not a record.
    if (!(this.record.length === 1 && this.record[0] === '')) completed.push(this.record);
    this.record = [];
    this.field = '';
    this.sawAnyCharacter = false;
  }
}

const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

/** Parses a whole CSV text at once (small inputs and tests). */
export function parseCsv(text: string): string[][] {
  const parser = new CsvRecordParser();
  return [...parser.push(text), ...parser.end()];
}
