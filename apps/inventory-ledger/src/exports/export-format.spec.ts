import { BadRequestException } from '@nestjs/common';
import { parseExportFormat } from './export-format';

describe('parseExportFormat', () => {
  it('takes format= before the Accept header', () => {
    expect(parseExportFormat('json', 'text/csv')).toBe('json');
    expect(parseExportFormat(undefined, 'application/x-ndjson')).toBe('ndjson');
    expect(parseExportFormat(undefined, 'text/html, application/json;q=0.9')).toBe('json');
  });

  it('answers CSV to an Accept header naming none of its formats, or none at all', () => {
    expect(parseExportFormat(undefined, '*/*')).toBe('csv');
    expect(parseExportFormat(undefined, undefined)).toBe('csv');
  });

  it('refuses an unknown format, naming the field', () => {
    expect(() => parseExportFormat('xlsx', undefined)).toThrow(BadRequestException);
    try {
      parseExportFormat('xlsx', undefined);
    } catch (error) {
      expect((error as BadRequestException).getResponse()).toMatchObject({ errors: [{ path: 'format', message: 'must be one of csv, ndjson, json' }] });
    }
  });
});
