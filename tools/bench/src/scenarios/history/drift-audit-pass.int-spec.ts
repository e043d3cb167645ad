// GET /v1/drift as the ledger answers it before and after its drift audit exists, served over
// real HTTP: the figure is the first pass begun after the history was loaded, and "not available"
// (never a failure) when the answer has no passes or no such pass completes in time.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { measureDriftAuditPass } from './drift-audit-pass';

describe('measureDriftAuditPass', () => {
  let server: Server;
  let url: string;
  let answers: unknown[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const answer = answers.length > 1 ? answers.shift() : answers[0];
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(request.url === '/v1/drift' ? answer : null));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const loadedAt = Date.parse('2026-12-06T12:00:00Z');
  const pass = (startedAt: string, finishedAt: string) => ({ passNumber: 2, startedAt, finishedAt, keysChecked: 19_666, movementsChecked: 558_656, mismatchesFound: 0 });

  it('is not available from a ledger whose drift answer is the list of mismatches itself', async () => {
    answers = [[]];
    const [figure] = await measureDriftAuditPass(url, loadedAt, 5);
    expect(figure).toMatchObject({ value: Number.NaN, note: 'not available: GET /v1/drift reports no audit passes' });
  });

  it('waits for a pass begun after the history was loaded and reports how long it took', async () => {
    answers = [
      { status: 'consistent', currentPass: null, lastCompletedPass: pass('2026-12-06T11:50:00Z', '2026-12-06T11:51:00Z') },
      { status: 'consistent', currentPass: { passNumber: 2 }, lastCompletedPass: pass('2026-12-06T11:50:00Z', '2026-12-06T11:51:00Z') },
      { status: 'consistent', currentPass: null, lastCompletedPass: pass('2026-12-06T12:01:00Z', '2026-12-06T12:03:30Z') },
    ];
    const [figure] = await measureDriftAuditPass(url, loadedAt, 10);
    expect(figure).toMatchObject({ measure: 'drift audit: full pass', value: 150, unit: 's' });
    expect(figure?.note).toContain('19,666 balances and 558,656 movements checked');
  });

  it('is not available when no such pass completes within the wait, naming the pass in progress', async () => {
    answers = [{ status: 'consistent', currentPass: { passNumber: 3, keysChecked: 10 }, lastCompletedPass: pass('2026-12-06T11:50:00Z', '2026-12-06T11:51:00Z') }];
    const [figure] = await measureDriftAuditPass(url, loadedAt, 1);
    expect(figure?.value).toBeNaN();
    expect(figure?.note).toMatch(/^not available: no pass begun after the history was loaded completed within 1 s \(current pass: \{"passNumber":3,"keysChecked":10\}\)$/);
  });
});
