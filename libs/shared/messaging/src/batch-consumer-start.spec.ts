// How a start treats the broker's answers to the subscription: a retriable one (a broker that has
// not yet learned of a topic created a moment ago) is asked again; anything else fails the start.
// The consumer here is a stand-in for kafkajs's: the real broker's answer is what the cluster
// drills (tools/chaos) exercise, this pins down the decision.
import { KafkaJSProtocolError, type Consumer, type Kafka } from 'kafkajs';
import { BatchConsumer } from './batch-consumer';

function notHostedYet() {
  return new KafkaJSProtocolError(Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3, retriable: true }));
}

function notAuthorised() {
  return new KafkaJSProtocolError(Object.assign(new Error('Not authorized to access topics: [Topic authorization failed]'), { type: 'TOPIC_AUTHORIZATION_FAILED', code: 29, retriable: false }));
}

function consumerAnswering(subscribeAnswers: Array<Error | undefined>) {
  const calls = { subscribe: 0, run: 0 };
  const consumer = {
    events: { GROUP_JOIN: 'group_join', CRASH: 'crash', STOP: 'stop' },
    on: () => () => undefined,
    connect: async () => undefined,
    disconnect: async () => undefined,
    subscribe: async () => {
      const answer = subscribeAnswers[calls.subscribe++];
      if (answer !== undefined) throw answer;
    },
    run: async () => {
      calls.run++;
    },
  } as unknown as Consumer;
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  const batchConsumer = new BatchConsumer<unknown>({
    name: 'start-spec',
    kafka,
    groupId: 'start-spec',
    topics: ['movements'],
    decode: () => ({ ok: true, value: undefined }) as never,
    handle: async () => undefined,
    deadLetters: { send: async () => undefined } as never,
  });
  return { batchConsumer, calls };
}

describe('BatchConsumer start', () => {
  it('asks again while the broker does not host a topic yet, then runs', async () => {
    const { batchConsumer, calls } = consumerAnswering([notHostedYet(), notHostedYet()]);
    await batchConsumer.start();
    expect(calls).toEqual({ subscribe: 3, run: 1 });
  });

  it('fails the start at once on an answer the broker does not call retriable', async () => {
    const { batchConsumer, calls } = consumerAnswering([notAuthorised()]);
    await expect(batchConsumer.start()).rejects.toThrow('Not authorized to access topics');
    expect(calls).toEqual({ subscribe: 1, run: 0 });
  });

  it('fails the start on an error that is not the broker’s answer', async () => {
    const { batchConsumer, calls } = consumerAnswering([new Error('invalid topic name')]);
    await expect(batchConsumer.start()).rejects.toThrow('invalid topic name');
    expect(calls).toEqual({ subscribe: 1, run: 0 });
  });
});
