// Splits one line of RFC 4180 CSV into fields: quoted fields may hold commas and doubled quotes
// ("RECORD FRAME 7"" SINGLE SIZE"). The Online Retail file has no line breaks inside quotes, so
// a line is a record.

export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (inQuotes) {
      if (char !== '"') field += char;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else inQuotes = false;
    } else if (char === '"') inQuotes = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  if (inQuotes) throw new Error('REPLAY.UNTERMINATED_QUOTE: a quoted field does not end on its line');
  fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
  return fields;
}
