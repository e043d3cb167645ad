// OpenAPI description of GET /v1/stock/:sku/:locationId/layers's answer (KeyLayersView in stock-layers.service.ts).
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const money = (description: string, example: string): SchemaObject => ({ type: 'string', description: `${description}, 4 fraction digits`, example });

const layer: SchemaObject = {
  type: 'object',
  required: ['receivedAt', 'units', 'value', 'unitCost'],
  properties: {
    receivedAt: { type: 'string', format: 'date-time', description: 'When its units were received into the ledger (kept across transfers); a merged layer keeps its oldest' },
    units: { type: 'integer', minimum: 1 },
    value: money('Exact value of its units left', '7.5000'),
    unitCost: money('value / units, half to even: for display', '2.5000'),
  },
};

const pool = (what: string): SchemaObject => ({
  type: 'object',
  required: ['units', 'value', 'layers', 'more'],
  properties: {
    units: { type: 'integer', description: `Units ${what} (the balance's)` },
    value: money(`Value ${what}: the sum of its layers above zero, units x last cost at or below zero`, '12.0000'),
    layers: { type: 'array', items: layer, description: 'Oldest first, at most limit' },
    more: { type: 'boolean', description: 'True when the pool holds more layers than shown' },
  },
});

export const keyLayersSchema: SchemaObject = {
  type: 'object',
  required: ['sku', 'locationId', 'valuationMethod', 'balanceVersion', 'onHand', 'inTransit'],
  properties: {
    sku: { type: 'string' },
    locationId: { type: 'string' },
    valuationMethod: { type: 'string', enum: ['moving-average', 'fifo'], description: 'A key at moving average holds no layers' },
    balanceVersion: { type: 'integer', description: 'The balance version the layers are as of' },
    onHand: pool('on hand'),
    inTransit: pool('in transit'),
  },
};
