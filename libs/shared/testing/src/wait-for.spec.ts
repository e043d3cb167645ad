import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first truthy result', async () => {
    let calls = 0;
    const result = await waitFor(() => (++calls >= 3 ? `done after ${calls}` : undefined), { intervalMs: 1 });
    expect(result).toBe('done after 3');
  });

  it('names what never happened when the deadline passes', async () => {
    await expect(waitFor(() => false, { timeoutMs: 20, intervalMs: 5, description: 'the ledger to catch up' })).rejects.toThrow(
      /waiting for the ledger to catch up/,
    );
  });

  it('reports the last error thrown by the check', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 20, intervalMs: 5 },
      ),
    ).rejects.toThrow(/last error: connection refused/);
  });
});
