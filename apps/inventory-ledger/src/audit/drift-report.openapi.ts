// OpenAPI description of GET /v1/drift's answer (DriftReport in drift-report.ts).
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const time: SchemaObject = { type: 'string', format: 'date-time' };
const count: SchemaObject = { type: 'integer', minimum: 0 };
const keyRef: SchemaObject = { type: 'object', required: ['sku', 'locationId'], properties: { sku: { type: 'string' }, locationId: { type: 'string' } } };

const mismatch: SchemaObject = {
  type: 'object',
  properties: {
    sku: { type: 'string' },
    locationId: { type: 'string' },
    field: { type: 'string', enum: ['onHand', 'inTransit', 'onOrder', 'inventoryValue', 'inTransitValue', 'reserved'], description: 'reserved is checked against the sum of the key\'s open reservations, the others against its movements' },
    stored: { type: 'string', description: 'The balance as stored: units, or money with 4 fraction digits', example: '12' },
    fromMovements: { type: 'string', description: 'The sum of the same figure over the key\'s movements', example: '11' },
    firstSeenAt: time,
    lastCheckedAt: time,
  },
};

const locationMismatch: SchemaObject = {
  type: 'object',
  properties: {
    locationId: { type: 'string' },
    field: { type: 'string', enum: ['onHand', 'inventoryValue', 'inTransitValue', 'balances', 'negative', 'stockout', 'low'] },
    kept: { type: 'string', description: 'The running total the location\'s valuation, summary and page counts are read from', example: '7' },
    fromBalances: { type: 'string', description: 'The same figure counted over the location\'s balances (states under each item\'s low-stock threshold now)', example: '6' },
    firstSeenAt: time,
    lastCheckedAt: time,
  },
};

export const driftReportSchema: SchemaObject = {
  type: 'object',
  required: ['status', 'mismatchesOpen', 'mismatches', 'locationTotals', 'currentPass', 'lastCompletedPass', 'nextPassDueAt', 'auditor'],
  properties: {
    status: {
      type: 'string',
      enum: ['consistent', 'mismatch', 'not-yet-audited'],
      description: "consistent: no open mismatch (of a balance or of a location's totals) and at least one full pass completed",
    },
    mismatchesOpen: { ...count, description: 'Open (key, field) mismatches, counted up to 10,000' },
    mismatches: { type: 'array', items: mismatch, description: 'The oldest open mismatches first, up to `limit`' },
    locationTotals: {
      type: 'object',
      description: "Each location's running totals, checked against its balances after every walk over the balances",
      properties: {
        mismatchesOpen: { ...count, description: 'Open (location, field) mismatches' },
        mismatches: { type: 'array', items: locationMismatch, description: 'The oldest first, up to `limit`' },
      },
    },
    currentPass: {
      type: 'object',
      nullable: true,
      description: 'The pass walking the balances now; null between passes',
      properties: {
        passNumber: count,
        startedAt: time,
        keysChecked: count,
        keysEstimate: count,
        progress: { type: 'number', nullable: true, minimum: 0, maximum: 1, description: 'keysChecked / keysEstimate' },
        movementsChecked: count,
        mismatchesFound: count,
        cursor: { ...keyRef, nullable: true, description: 'The last key checked, in key order' },
        cursorMovedAt: { ...time, nullable: true },
        phase: { type: 'string', enum: ['balances', 'location-totals'], description: "Walking the balances, or checking the locations' totals after the walk" },
        locationsChecked: count,
      },
    },
    lastCompletedPass: {
      type: 'object',
      nullable: true,
      properties: {
        passNumber: count,
        startedAt: time,
        finishedAt: time,
        durationSeconds: { type: 'number' },
        keysChecked: count,
        movementsChecked: count,
        locationsChecked: count,
        mismatchesFound: count,
      },
    },
    nextPassDueAt: { ...time, nullable: true, description: 'Between passes: when the next begins (the last one\'s finish plus DRIFT_AUDIT_PASS_PAUSE_MS); recently written balances are still checked meanwhile' },
    auditor: {
      type: 'object',
      properties: { enabled: { type: 'boolean' }, auditingHere: { type: 'boolean', description: 'This instance holds the audit (one instance does)' }, lastError: { type: 'string', nullable: true } },
    },
    key: {
      type: 'object',
      description: 'Given sku and locationId: when that key was last verified',
      properties: {
        sku: { type: 'string' },
        locationId: { type: 'string' },
        status: {
          type: 'string',
          enum: ['verified', 'awaiting-check', 'mismatch'],
          description: 'verified: the balance as it stands was checked (not written since lastVerified.from); awaiting-check: written since, or not reached yet',
        },
        lastVerified: {
          type: 'object',
          nullable: true,
          description: 'The walk checked the key between from and to (recent-key checks are not recorded per key, so this errs on the old side)',
          properties: { passNumber: count, from: time, to: time },
        },
        balanceWrittenAt: time,
        mismatches: { type: 'array', items: mismatch },
      },
    },
  },
};
