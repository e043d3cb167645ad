// Which format an export is written in: `format=` when given, else the Accept header, else CSV.
// An unknown `format=` is refused (400, naming the field); an Accept header that names none of
// ours is answered in CSV rather than refused, as browsers and curl send `*/*` or a list.
import { invalidQuery } from '../query/query-parameters';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const ACCEPTED: Array<[RegExp, ExportFormat]> = [
  [/\btext\/csv\b/i, 'csv'],
  [/\bapplication\/(x-)?ndjson\b/i, 'ndjson'],
  [/\bapplication\/json\b/i, 'json'],
];

export function parseExportFormat(format: string | undefined, accept: string | undefined): ExportFormat {
  if (format !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw invalidQuery('format', `must be one of ${EXPORT_FORMATS.join(', ')}`);
    return format as ExportFormat;
  }
  for (const media of (accept ?? '').split(',')) {
    const found = ACCEPTED.find(([pattern]) => pattern.test(media));
    if (found) return found[1];
  }
  return 'csv';
}
