import { parseBulkLoadCommand } from './bulk-load-command';

describe('parseBulkLoadCommand', () => {
  it('defaults to withheld events, batches of 5,000 and two lanes', () => {
    expect(parseBulkLoadCommand(['--file', 'history.ndjson.gz'])).toEqual({
      ok: true,
      command: { file: 'history.ndjson.gz', events: 'withhold', batchSize: 5_000, lanes: 2 },
    });
  });

  it('takes every option', () => {
    expect(parseBulkLoadCommand(['--file', '-', '--events', 'publish', '--batch-size', '2000', '--lanes', '4', '--refused', 'refused.ndjson'])).toEqual({
      ok: true,
      command: { file: '-', events: 'publish', batchSize: 2_000, lanes: 4, refused: 'refused.ndjson' },
    });
  });

  it.each([[[]], [['--events', 'withhold']], [['--file', 'a', '--events', 'never']], [['--file', 'a', '--lanes', '0']], [['--file', 'a', '--batch-size', '1e3']], [['--file']], [['--file', 'a', '--fast', 'yes']]])(
    'refuses %j with the usage',
    (argv) => {
      const parsed = parseBulkLoadCommand(argv);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain('usage: bulk-load');
    },
  );
});
