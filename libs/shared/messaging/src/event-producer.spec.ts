import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { isProducerStateLost } from './event-producer';

describe('isProducerStateLost', () => {
  const protocolError = (type: string) => new KafkaJSProtocolError({ type, code: 0, retriable: false, message: type } as unknown as Error);

  it.each(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH'])('is true for %s, also wrapped as kafkajs wraps it after retries', (type) => {
    expect(isProducerStateLost(protocolError(type))).toBe(true);
    expect(isProducerStateLost(Object.assign(new KafkaJSNonRetriableError(protocolError(type)), { cause: protocolError(type) }))).toBe(true);
  });

  it('is false for other failures', () => {
    expect(isProducerStateLost(protocolError('NOT_LEADER_FOR_PARTITION'))).toBe(false);
    expect(isProducerStateLost(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(isProducerStateLost(undefined)).toBe(false);
  });
});
