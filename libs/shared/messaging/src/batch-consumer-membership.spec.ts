// A commit refused because the member left the group is handed back to kafkajs as the broker's own
// answer, which kafkajs meets by rejoining; its own wrapper would make it end the consumer for good.
import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { groupMembershipLost } from './batch-consumer';

const answer = (type: string, code: number, retriable: boolean) => new KafkaJSProtocolError(Object.assign(new Error(type), { type, code, retriable }));
// What kafkajs's retrier does with an answer it will not retry (its typings omit the second argument).
const Wrapper = KafkaJSNonRetriableError as unknown as new (error: Error, options: { cause: Error }) => Error;
const RetriesExceeded = KafkaJSNumberOfRetriesExceeded as unknown as new (error: Error, options: { retryCount: number; retryTime: number }) => Error;

describe('groupMembershipLost', () => {
  it('finds the broker’s answer inside the wrapper kafkajs gives up with', () => {
    const unknownMember = answer('UNKNOWN_MEMBER_ID', 25, false);
    expect(groupMembershipLost(new Wrapper(unknownMember, { cause: unknownMember }))).toBe(unknownMember);
  });

  it('finds a stale generation and a rebalance the same way, however deep', () => {
    const illegalGeneration = answer('ILLEGAL_GENERATION', 22, false);
    const wrapped = new Wrapper(new Wrapper(illegalGeneration, { cause: illegalGeneration }), { cause: illegalGeneration });
    expect(groupMembershipLost(wrapped)).toBe(illegalGeneration);
    const rebalancing = answer('REBALANCE_IN_PROGRESS', 27, false);
    expect(groupMembershipLost(rebalancing)).toBe(rebalancing);
  });

  it('leaves every other failure as it is', () => {
    const timedOut = answer('REQUEST_TIMED_OUT', 7, true);
    expect(groupMembershipLost(new RetriesExceeded(timedOut, { retryCount: 5, retryTime: 1_000 }))).toBeUndefined();
    expect(groupMembershipLost(answer('GROUP_AUTHORIZATION_FAILED', 30, false))).toBeUndefined();
    expect(groupMembershipLost(new Error('connection reset'))).toBeUndefined();
    expect(groupMembershipLost('not an error')).toBeUndefined();
  });
});
