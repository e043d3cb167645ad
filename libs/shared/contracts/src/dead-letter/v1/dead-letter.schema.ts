// Dead letter, v1: a Kafka record a service could not accept, kept byte for byte with the reason,
// so an operator can read why and replay it once the cause is fixed. Published in the standard
// envelope on the dead-letter topic that belongs to the original topic.
import { z } from 'zod';
import { producerNameSchema } from '../../primitives/identifier.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';

/** Codes such as `INTAKE.VALIDATION_FAILED` or `LEDGER.UNKNOWN_LOCATION`: AREA.REASON. */
export const reasonCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*(?:\.[A-Z][A-Z0-9_]*)+$/, { error: 'must be an upper-case code such as "INTAKE.VALIDATION_FAILED"' });

export const deadLetterErrorV1Schema = z.strictObject({
  path: z.string().max(1000),
  message: z.string().max(2000),
});

export const deadLetterV1Schema = z.strictObject({
  originalTopic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, { error: 'must be a Kafka topic name' }),
  originalPartition: z.int().min(0),
  originalOffset: z.string().regex(/^\d{1,20}$/, { error: 'must be a Kafka offset as a decimal string' }),
  originalKey: z.string().nullable(),
  originalValue: z.string().describe('The record value, decoded as originalValueEncoding says'),
  originalValueEncoding: z.enum(['utf8', 'base64']).describe('base64 when the value was not valid UTF-8'),
  originalHeaders: z.record(z.string(), z.string()),
  reasonCode: reasonCodeSchema,
  reason: z.string().min(1).max(2000),
  errors: z.array(deadLetterErrorV1Schema).max(1000).describe('Field errors, as validateContract reports them'),
  failedAt: timestampSchema,
  attempts: z.int().min(1).describe('Deliveries tried before giving up'),
  service: producerNameSchema.describe('Service that gave up on the record'),
});

export type DeadLetterErrorV1 = z.output<typeof deadLetterErrorV1Schema>;
export type DeadLetterV1 = z.output<typeof deadLetterV1Schema>;
