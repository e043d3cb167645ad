// Turns a Kafka record value into a validated event, or into a failure a consumer can put in a
// dead letter as is (reasonCode, reason, errors). Never throws on bad input: one malformed record
// must not stop a partition.
import type { z } from 'zod';
import type { TopicDefinition } from '../topic-definition';
import { topicByName, type TopicValue } from '../topic-lookup';
import type { TopicName } from '../topics';
import { validateContract, type ContractError } from './validate-contract';

export type DecodeFailureCode =
  | 'CONTRACT.EMPTY_VALUE'
  | 'CONTRACT.INVALID_ENCODING'
  | 'CONTRACT.MALFORMED_JSON'
  | 'CONTRACT.VALIDATION_FAILED';

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly reasonCode: DecodeFailureCode;
      readonly reason: string;
      readonly errors: readonly ContractError[];
    };

type RawValue = Buffer | Uint8Array | string | null | undefined;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function failure(reasonCode: DecodeFailureCode, reason: string, errors: readonly ContractError[] = []) {
  return { ok: false, reasonCode, reason, errors } as const;
}

/** A record without a value is a tombstone on compacted topics; callers that expect those check first. */
export function decodeEvent<N extends TopicName>(topic: N, raw: RawValue): DecodeResult<TopicValue<N>>;
export function decodeEvent<T extends TopicDefinition>(topic: T, raw: RawValue): DecodeResult<z.output<T['valueSchema']>>;
export function decodeEvent(topic: TopicName | TopicDefinition, raw: RawValue): DecodeResult<unknown> {
  const definition = typeof topic === 'string' ? topicByName(topic) : topic;
  if (raw === null || raw === undefined || raw.length === 0) {
    return failure('CONTRACT.EMPTY_VALUE', `The record on ${definition.name} has no value`);
  }

  let text: string;
  try {
    text = typeof raw === 'string' ? raw : strictUtf8.decode(raw);
  } catch {
    return failure('CONTRACT.INVALID_ENCODING', `The record on ${definition.name} is not valid UTF-8`);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    return failure('CONTRACT.MALFORMED_JSON', `The record on ${definition.name} is not valid JSON${detail}`);
  }

  const result = validateContract(definition.valueSchema, parsed);
  if (result.ok) return result;
  return failure(
    'CONTRACT.VALIDATION_FAILED',
    `The record on ${definition.name} does not match ${definition.eventType} v${definition.version}`,
    result.errors,
  );
}
