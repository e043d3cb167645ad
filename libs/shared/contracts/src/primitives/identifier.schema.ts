// Identifiers that cross service boundaries. They end up as Kafka keys, URL path segments, log
// fields and primary keys, so they are kept to printable ASCII with no surrounding whitespace;
// anything else is rejected at the edge with a message naming the exact problem.
import { z } from 'zod';
import { hasControlCharacter } from './text.schema';

export const MAX_IDENTIFIER_LENGTH = 64;
/** Event, correlation and causation ids may embed another id (`stock-changed:<movementId>`). */
export const MAX_EVENT_ID_LENGTH = 256;

/** Printable ASCII, inner spaces allowed, none at either end. */
const printableAsciiPattern = (max: number): RegExp => new RegExp(`^[!-~](?:[ -~]{0,${max - 2}}[!-~])?$`);

/**
 * SKUs start with a letter or digit and may contain spaces and a few separators that real
 * catalogues use (`ABC-12/500G`, `SHOE#42`). No `@`: it separates SKU and location in stock keys.
 */
const SKU_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._\-/#+: ]{0,62}[A-Za-z0-9._\-/#+:])?$/;

function identifierProblem(value: string, max: number, pattern: RegExp, patternMessage: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters`;
  if (hasControlCharacter(value)) return 'must not contain control characters';
  if (value.trim() !== value) return 'must not start or end with whitespace';
  return pattern.test(value) ? undefined : patternMessage;
}

/**
 * One check that reports only the most specific problem ("must not contain control characters"),
 * rather than that and the generic pattern message. The bounds are repeated as metadata so the
 * generated JSON Schema states them too.
 */
function identifierText(max: number, pattern: RegExp, patternMessage: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = identifierProblem(value, max, pattern, patternMessage);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: value });
    })
    .meta({ minLength: 1, maxLength: max, pattern: pattern.source });
}

/** Any opaque identifier: 1..64 printable ASCII characters, no leading or trailing space. */
export const identifierSchema = identifierText(
  MAX_IDENTIFIER_LENGTH,
  printableAsciiPattern(MAX_IDENTIFIER_LENGTH),
  'may contain only printable ASCII characters',
);

/** Ids of events and of the chains they belong to (correlation, causation). */
export const eventIdSchema = identifierText(
  MAX_EVENT_ID_LENGTH,
  printableAsciiPattern(MAX_EVENT_ID_LENGTH),
  'may contain only printable ASCII characters',
);

export const skuSchema = identifierText(
  MAX_IDENTIFIER_LENGTH,
  SKU_PATTERN,
  'must start with a letter or digit and contain only letters, digits, spaces and . _ - / # + :',
).describe('Stock keeping unit, 1..64 characters');

export const storeIdSchema = identifierSchema.describe('Store identifier (a location of kind store)');
export const locationIdSchema = identifierSchema.describe('Location identifier: store, warehouse or online channel');
export const terminalIdSchema = identifierSchema.describe('POS terminal (till) identifier');
export const transactionIdSchema = identifierSchema.describe('POS transaction identifier, unique per store');
// Movement ids compose their source's ids (`pos:<store>:<transaction>:<line>`, `<id>:shipped`),
// so they get the event-id length rather than the 64 characters of a plain identifier.
export const movementIdSchema = identifierText(
  MAX_EVENT_ID_LENGTH,
  printableAsciiPattern(MAX_EVENT_ID_LENGTH),
  'may contain only printable ASCII characters',
).describe('Inventory movement identifier, unique across the ledger');

/** Names of the services and external systems that produce events (`pos-ingestion`, `erp`). */
export const producerNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, { error: 'must be a lower-case service name such as "inventory-ledger"' });
