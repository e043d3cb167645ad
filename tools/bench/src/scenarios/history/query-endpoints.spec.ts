import { planQueries, type OpenApiDocument, type QueryValues } from './query-endpoints';

const values: QueryValues = {
  sku: 'SKU 1/2',
  locationId: 'S001',
  time: '2026-03-04T05:06:07.000Z',
  period: { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
};

const document: OpenApiDocument = {
  paths: {
    '/health/ready': { get: {} },
    '/v1/stock/{sku}/{locationId}': {
      get: {
        parameters: [
          { name: 'sku', in: 'path', required: true },
          { name: 'locationId', in: 'path', required: true },
          { name: 'asOf', in: 'query', required: false },
        ],
      },
    },
    '/v1/valuation': { get: { parameters: [{ name: 'locationId', in: 'query' }] } },
    '/v1/cost-of-goods-sold': {
      get: {
        parameters: [
          { name: 'from', in: 'query', required: true, schema: { format: 'date' } },
          { name: 'to', in: 'query', required: true, schema: { format: 'date' } },
          { name: 'groupBy', in: 'query', schema: { enum: ['day', 'month'] } },
        ],
      },
    },
    '/v1/suggestions': { get: { parameters: [{ name: 'status', in: 'query', schema: { enum: ['open', 'all'] } }, { name: 'limit', in: 'query' }] } },
    '/v1/drift': { get: { parameters: [{ name: 'sku', in: 'query' }, { name: 'locationId', in: 'query' }] } },
    '/v1/search': { get: { parameters: [{ name: 'q', in: 'query', required: true }] } },
    '/v1/transfers/{transferId}': { get: { parameters: [{ name: 'transferId', in: 'path', required: true }] } },
    '/v1/transactions': { post: {} } as never,
  },
};

describe('planQueries', () => {
  const { queries, unmeasured } = planQueries('http://127.0.0.1:3002', document);
  const byLabel = new Map(queries.map((query) => [query.label, query]));

  it('plans every GET but health, metrics and docs, with a variant per optional parameter it can fill', () => {
    expect([...byLabel.keys()]).toEqual([
      'GET /v1/stock/{sku}/{locationId}',
      'GET /v1/stock/{sku}/{locationId}?asOf',
      'GET /v1/valuation',
      'GET /v1/valuation?locationId',
      'GET /v1/cost-of-goods-sold',
      'GET /v1/suggestions',
      'GET /v1/drift',
      'GET /v1/drift?sku',
      'GET /v1/drift?locationId',
      'GET /v1/drift?sku&locationId',
      'GET /v1/search',
    ]);
  });

  it('fills path parameters, encoded, and the query parameters of the variant', () => {
    expect(byLabel.get('GET /v1/stock/{sku}/{locationId}?asOf')?.url(values)).toBe('http://127.0.0.1:3002/v1/stock/SKU%201%2F2/S001?asOf=2026-03-04T05%3A06%3A07.000Z');
    expect(byLabel.get('GET /v1/valuation?locationId')?.url(values)).toBe('http://127.0.0.1:3002/v1/valuation?locationId=S001');
    expect(byLabel.get('GET /v1/drift?sku&locationId')?.url(values)).toBe('http://127.0.0.1:3002/v1/drift?sku=SKU+1%2F2&locationId=S001');
    expect(byLabel.get('GET /v1/search')?.url({ ...values, sku: 'SKU-000123' })).toBe('http://127.0.0.1:3002/v1/search?q=0123');
    expect(byLabel.get('GET /v1/cost-of-goods-sold')?.url(values)).toBe('http://127.0.0.1:3002/v1/cost-of-goods-sold?from=2026-03-01&to=2026-04-01');
  });

  it('names an endpoint whose required parameter it cannot fill', () => {
    expect(unmeasured).toEqual(['GET /v1/transfers/{transferId} (no value for transferId)']);
  });
});
