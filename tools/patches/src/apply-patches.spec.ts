import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Patch {
  name: string;
  packageName: string;
  version: string;
  file: string;
  replacement?: string;
  replacementFile?: string;
  edits?: Array<{ find: string; replace: string }>;
}

interface PatchesModule {
  PATCHES: Patch[];
  PATCH_MARK: string;
  apply(patch: Patch, root: string): string;
  patchStatus(patch: Patch, root: string): { state: 'applied' | 'pending' | 'not-installed' | 'unexpected' };
  patchedContent(patch: Patch, original: string): string;
}

// The patch script is plain CommonJS so that it runs straight after `npm ci`, before any tooling.
const { PATCHES, PATCH_MARK, apply, patchStatus, patchedContent } = require('./apply-patches.cjs') as PatchesModule;

const workspaceRoot = path.resolve(__dirname, '../../..');

describe('dependency patches', () => {
  it.each(PATCHES.map((patch) => [patch.name, patch] as const))('%s is in place after install', (_name, patch) => {
    expect(patchStatus(patch, workspaceRoot).state).toBe('applied');
  });

  describe('kafkajs grouping of messages per partition', () => {
    type Message = { partition: number; value: string };
    const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition') as (input: {
      topic: string;
      partitionMetadata: unknown[];
      messages: Message[];
      partitioner: (input: { message: Message }) => number;
    }) => Record<string, Message[]>;
    const byOwnPartition = ({ message }: { message: Message }) => message.partition;

    it('keeps each partition’s messages in the order given', () => {
      const messages = [0, 2, 0, 1, 2, 2, 0].map((partition, index) => ({ partition, value: `m${index}` }));
      const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata: [{}, {}, {}], messages, partitioner: byOwnPartition });
      expect(grouped).toEqual({
        0: [messages[0], messages[2], messages[6]],
        1: [messages[3]],
        2: [messages[1], messages[4], messages[5]],
      });
    });

    it('returns nothing for a topic without partition metadata', () => {
      expect(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages: [{ partition: 0, value: 'm' }], partitioner: byOwnPartition })).toEqual({});
    });

    it('does not copy the messages: the lists hold the objects given', () => {
      const messages = Array.from({ length: 1_000 }, (_, index) => ({ partition: index % 3, value: `m${index}` }));
      const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata: [{}, {}, {}], messages, partitioner: byOwnPartition });
      expect(Object.values(grouped).flat()).toHaveLength(1_000);
      expect(grouped[1]?.[0]).toBe(messages[1]);
    });
  });

  describe('kafkajs encoder', () => {
    type EncoderInstance = { buffer: Buffer; size(): number; writeUVarInt(value: number): EncoderInstance; writeInt8(value: number): EncoderInstance };
    const Encoder = require('kafkajs/src/protocol/encoder') as new (initialSize?: number) => EncoderInstance;
    const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (input: { records: unknown[] }) => Promise<EncoderInstance> };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (input: object) => unknown;
    const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<{
      records: Array<{ key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer>; offset: string }>;
    }>;

    it('writes unsigned varints as LEB128, one to five bytes', () => {
      const encoded = (value: number) => [...new Encoder().writeUVarInt(value).buffer];
      expect(encoded(0)).toEqual([0]);
      expect(encoded(127)).toEqual([0x7f]);
      expect(encoded(128)).toEqual([0x80, 0x01]);
      expect(encoded(300)).toEqual([0xac, 0x02]);
      expect(encoded(16_384)).toEqual([0x80, 0x80, 0x01]);
      expect(encoded(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
      expect(encoded(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    });

    it('exposes only the bytes written, never the rest of its buffer', () => {
      const encoder = new Encoder().writeInt8(7);
      expect([...encoder.buffer]).toEqual([7]);
      expect(encoder.size()).toBe(1);
    });

    it('encodes a record batch that decodes to the same keys, values and headers', async () => {
      const messages = [
        { key: 'SKU-1@LOC-1', value: 'small', headers: { 'x-event-id': 'e-1' } },
        { key: 'SKU-2@LOC-1', value: 'v'.repeat(200), headers: { 'x-event-id': 'e-2' } },
        { key: null, value: 'w'.repeat(20_000), headers: {} },
        { key: 'ключ@店舗', value: JSON.stringify({ note: 'ünïcödé' }), headers: { a: 'b', c: 'd' } },
      ];
      const batch = await RecordBatch({ records: messages.map((message, offsetDelta) => Record({ ...message, offsetDelta, timestampDelta: offsetDelta })) });
      const decoded = await decodeRecordBatch(new Decoder(batch.buffer));
      expect(
        decoded.records.map((record) => ({
          key: record.key === null ? null : record.key.toString('utf8'),
          value: record.value?.toString('utf8'),
          headers: Object.fromEntries(Object.entries(record.headers).map(([name, value]) => [name, value.toString('utf8')])),
        })),
      ).toEqual(messages);
    });
  });

  describe('kafkajs produce request', () => {
    type EncoderInstance = {
      buffer: Buffer;
      size(): number;
      writeInt16(value: number): EncoderInstance;
      writeInt32(value: number): EncoderInstance;
      writeString(value: string | null): EncoderInstance;
      writeArray(values: unknown[]): EncoderInstance;
      writeEncoder(value: EncoderInstance): EncoderInstance;
    };
    type Message = { key?: string | Buffer | null; value: string | Buffer | null; headers?: Record<string, string | Buffer | Array<string | Buffer>>; timestamp?: string | number };
    type PartitionData = { partition: number; firstSequence?: number; messages: Message[] };
    const Encoder = require('kafkajs/src/protocol/encoder') as new (initialSize?: number) => EncoderInstance;
    const Long = require('kafkajs/src/utils/long') as { fromInt(value: number): unknown; fromValue(value: number): unknown };
    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (input: object) => Promise<EncoderInstance> };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (input: object) => unknown;
    const ProduceRequest = require('kafkajs/src/protocol/requests/produce/v3/request') as (input: object) => { encode(): Promise<EncoderInstance> };
    const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => { readInt32(): number; readString(): string; readInt16(): number };
    const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<{
      records: Array<{ key: Buffer | null; value: Buffer | null }>;
    }>;
    const NOW = 1_764_000_000_000;

    /** What the published kafkajs wrote for one partition: its own Record and RecordBatch, as its request did. */
    async function publishedPartition({ partition, firstSequence, messages }: PartitionData, producer: { producerId: unknown; producerEpoch: number; transactional: boolean }) {
      const stamps = messages.map((message) => message.timestamp).filter((stamp) => stamp != null).sort();
      const timestamps = stamps.length === 0 ? [NOW] : stamps;
      const firstTimestamp = timestamps[0]!;
      const records = messages.map((message, offsetDelta) =>
        Record({ ...message, offsetDelta, timestampDelta: Number(message.timestamp || NOW) - Number(firstTimestamp) }),
      );
      const batch = await RecordBatch({
        compression: 0,
        records,
        firstTimestamp,
        maxTimestamp: timestamps[timestamps.length - 1],
        ...producer,
        firstSequence,
        lastOffsetDelta: records.length - 1,
      });
      return new Encoder().writeInt32(partition).writeInt32(batch.size()).writeEncoder(batch);
    }

    async function publishedRequest(topicData: Array<{ topic: string; partitions: PartitionData[] }>, producer: { producerId: unknown; producerEpoch: number; transactionalId: string | null }) {
      const topics = [];
      for (const { topic, partitions } of topicData) {
        const encoded = [];
        for (const data of partitions) encoded.push(await publishedPartition(data, { ...producer, transactional: producer.transactionalId !== null }));
        topics.push(new Encoder().writeString(topic).writeArray(encoded));
      }
      return new Encoder().writeString(producer.transactionalId).writeInt16(-1).writeInt32(30_000).writeArray(topics).buffer;
    }

    const varied: Message[] = [
      { key: 'SKU-1@LOC-1', value: '{"a":1}', headers: { 'x-event-id': 'e-1' } },
      { key: null, value: 'w'.repeat(20_000) },
      { key: 'ключ@店舗', value: JSON.stringify({ note: 'ünïcödé 🚚' }), headers: { a: 'b', 'ç': ['one', Buffer.from([0, 255])] } },
      { key: Buffer.from([1, 2, 3]), value: Buffer.from('bytes'), headers: {} },
      { key: 'empty', value: '' },
      { key: 'tombstone', value: null, headers: { reason: Buffer.alloc(0) } },
      { key: 'k'.repeat(300), value: 'v'.repeat(130) },
    ];

    beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
    afterEach(() => jest.restoreAllMocks());

    it.each([
      ['messages without timestamps', varied],
      ['timestamps as strings, some missing', varied.map((message, index) => (index % 2 === 0 ? { ...message, timestamp: String(NOW - 5_000 + index) } : message))],
      ['timestamps weeks apart (64-bit deltas)', varied.map((message, index) => ({ ...message, timestamp: NOW - index * 30 * 86_400_000 }))],
      ['one message', varied.slice(0, 1)],
      ['a thousand messages', Array.from({ length: 1_000 }, (_, index) => varied[index % varied.length]!)],
    ])('writes the bytes the published encoder wrote: %s', async (_case, messages) => {
      const topicData = [
        { topic: 'inventory.stock-changed.v1', partitions: [{ partition: 0, firstSequence: 7, messages }, { partition: 5, firstSequence: 0, messages: messages.slice(1) }] },
        { topic: 'inventory.stock-levels.v1', partitions: [{ partition: 2, messages: messages.slice(0, 2) }] },
      ];
      for (const producer of [
        { producerId: Long.fromInt(-1), producerEpoch: 0, transactionalId: null },
        { producerId: Long.fromValue(4_000_000_001), producerEpoch: 3, transactionalId: 'tx-1' },
      ]) {
        const encoded = await ProduceRequest({ acks: -1, timeout: 30_000, topicData, ...producer }).encode();
        expect(encoded.buffer.equals(await publishedRequest(topicData, producer))).toBe(true);
      }
    });

    it('still encodes compressed batches the published way, readable by kafkajs', async () => {
      const messages = varied.slice(0, 3);
      const encoded = await ProduceRequest({ acks: -1, timeout: 30_000, compression: 1, topicData: [{ topic: 't', partitions: [{ partition: 0, messages }] }] }).encode();
      const decoder = new Decoder(encoded.buffer);
      decoder.readString(); // transactional id
      decoder.readInt16();
      decoder.readInt32();
      decoder.readInt32(); // topics
      decoder.readString();
      decoder.readInt32(); // partitions
      decoder.readInt32(); // partition
      decoder.readInt32(); // record set size
      const { records } = await decodeRecordBatch(decoder);
      expect(records.map((record) => record.value?.toString('utf8'))).toEqual(messages.map((message) => message.value));
    });
  });

  describe('kafkajs send of messages', () => {
    type Produced = { topic: string; partition: number; values: string[] };
    type ProduceRequest = { topicData: Array<{ topic: string; partitions: Array<{ partition: number; messages: Array<{ value: string }> }> }> };
    const createSendMessages = require('kafkajs/src/producer/sendMessages') as (options: object) => (input: object) => Promise<Array<{ topicName: string; partition: number }>>;
    const createRetry = require('kafkajs/src/retry') as (options: object) => unknown;
    const { KafkaJSConnectionError } = require('kafkajs/src/errors') as { KafkaJSConnectionError: new (message: string) => Error };

    /**
     * Two brokers and a topic of two partitions, partition 0 led by node 1 and partition 1 by
     * node 2, as kafkajs's cluster presents them. Node 1's first request fails like a killed
     * broker's connection; the metadata refresh that follows moves partition 0 to node 2.
     */
    function clusterLosingNode1({ node2Delay = 0 } = {}) {
      const leaders: Record<number, number> = { 0: 1, 1: 2 };
      const produced = new Map<number, Produced[]>([[1, []], [2, []]]);
      const inFlight = new Map<number, number>([[1, 0], [2, 0]]);
      let overlapped = false;
      let node1Failed = false;
      const broker = (nodeId: number) => ({
        nodeId,
        async produce({ topicData }: ProduceRequest) {
          inFlight.set(nodeId, inFlight.get(nodeId)! + 1);
          if (inFlight.get(nodeId)! > 1) overlapped = true;
          try {
            if (nodeId === 1) {
              node1Failed = true;
              throw new KafkaJSConnectionError('Connection error: connect ECONNREFUSED');
            }
            if (node2Delay > 0) await new Promise((settle) => setTimeout(settle, node2Delay));
            for (const { topic, partitions } of topicData) {
              for (const { partition, messages } of partitions) produced.get(nodeId)!.push({ topic, partition, values: messages.map(({ value }) => value) });
            }
            return {
              topics: topicData.map(({ topic, partitions }) => ({
                topicName: topic,
                partitions: partitions.map(({ partition }) => ({ partition, errorCode: 0, baseOffset: '0', logAppendTime: '-1', logStartOffset: '0' })),
              })),
            };
          } finally {
            inFlight.set(nodeId, inFlight.get(nodeId)! - 1);
          }
        },
      });
      const brokers = new Map([[1, broker(1)], [2, broker(2)]]);
      const cluster = {
        targetTopics: new Set<string>(),
        addMultipleTargetTopics: async () => undefined,
        refreshMetadataIfNecessary: async () => undefined,
        refreshMetadata: async () => {
          if (node1Failed) leaders[0] = 2;
        },
        isConnected: () => true,
        removeBroker: () => undefined,
        findTopicPartitionMetadata: () => [0, 1].map((partitionId) => ({ partitionId, leader: leaders[partitionId] })),
        findLeaderForPartitions: (_topic: string, partitions: string[]) => {
          const result: Record<number, number[]> = {};
          for (const id of partitions) (result[leaders[Number(id)]!] ??= []).push(Number(id));
          return result;
        },
        findBroker: async ({ nodeId }: { nodeId: string }) => brokers.get(Number(nodeId))!,
      };
      const sequences = new Map<string, number>();
      const eosManager = {
        isTransactional: () => false,
        acquireBrokerLock: async () => undefined,
        releaseBrokerLock: async () => undefined,
        getProducerId: () => -1,
        getProducerEpoch: () => 0,
        getSequence: (topic: string, partition: number) => sequences.get(`${topic}/${partition}`) ?? 0,
        updateSequence: (topic: string, partition: number, increment: number) => sequences.set(`${topic}/${partition}`, (sequences.get(`${topic}/${partition}`) ?? 0) + increment),
      };
      const sendMessages = createSendMessages({
        logger: { debug: () => undefined, error: () => undefined },
        cluster,
        partitioner: ({ message }: { message: { partition: number } }) => message.partition,
        eosManager,
        retrier: createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 }),
      });
      return { sendMessages, produced, sequences, overlapped: () => overlapped };
    }

    const messages = [
      { partition: 0, value: 'a' },
      { partition: 1, value: 'b' },
      { partition: 0, value: 'c' },
    ];

    it('resends a failed broker’s partitions to their new leader although that leader already answered', async () => {
      const { sendMessages, produced, sequences } = clusterLosingNode1();
      const answers = await sendMessages({ acks: -1, timeout: 30_000, topicMessages: [{ topic: 't', messages }] });
      expect(answers.map(({ partition }) => partition).sort()).toEqual([0, 1]);
      expect(produced.get(2)).toEqual([
        { topic: 't', partition: 1, values: ['b'] },
        { topic: 't', partition: 0, values: ['a', 'c'] },
      ]);
      // The failed request's sequence numbers were given back, so the resend starts at 0.
      expect(Object.fromEntries(sequences)).toEqual({ 't/0': 2, 't/1': 1 });
    });

    it('lets every request of an attempt settle before retrying, so a partition’s requests never overlap', async () => {
      const { sendMessages, produced, overlapped } = clusterLosingNode1({ node2Delay: 30 });
      await sendMessages({ acks: -1, timeout: 30_000, topicMessages: [{ topic: 't', messages }] });
      expect(overlapped()).toBe(false);
      // Partition 1 was acknowledged by the first attempt and is not sent again.
      expect(produced.get(2)!.filter(({ partition }) => partition === 1)).toHaveLength(1);
    });
  });

  describe('kafkajs CRC-32C', () => {
    const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (buffer: Buffer) => number;
    const bytewise = (() => {
      const table = new Int32Array(256);
      for (let n = 0; n < 256; n++) {
        let crc = n;
        for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
        table[n] = crc;
      }
      return (buffer: Buffer) => {
        let crc = -1;
        for (const byte of buffer) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
        return (crc ^ -1) >>> 0;
      };
    })();

    it('gives the standard check value', () => {
      expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    });

    it('agrees with the byte-at-a-time algorithm on every length and alignment', () => {
      const bytes = Buffer.from(Array.from({ length: 4_200 }, (_, index) => (index * 131 + (index >> 3)) & 0xff));
      for (let start = 0; start < 9; start++) {
        for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1_000, 4_096]) {
          const slice = bytes.subarray(start, start + length);
          expect(crc32C(slice)).toBe(bytewise(slice));
        }
      }
    });
  });

  describe('kafkajs request queue', () => {
    type Request = { entry: { correlationId: number; apiKey: number; apiName: string; apiVersion: number; resolve: () => void }; expectResponse: boolean; sendRequest: () => void };
    type Queue = {
      throttleCheckTimeoutId: NodeJS.Timeout | null;
      requestTimeoutIntervalId: NodeJS.Timeout | null;
      requestTimeoutDueAt: number;
      scheduleRequestTimeoutCheck(): void;
      push(request: Request): void;
      fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
      maybeThrottle(milliseconds: number): void;
      checkPendingRequests(): void;
      destroy(): void;
    };
    const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => Queue;
    const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const queueOf = (maxInFlightRequests: number | null = null, requestTimeout = 30_000) =>
      new RequestQueue({ maxInFlightRequests, requestTimeout, enforceRequestTimeout: true, clientId: 'spec', broker: 'b:1', logger: silent });
    const request = (correlationId: number, sent: number[], reject: (error: Error) => void = () => undefined): Request & { requestTimeout?: number } => ({
      entry: { correlationId, apiKey: 1, apiName: 'Fetch', apiVersion: 11, resolve: () => undefined, reject } as Request['entry'],
      expectResponse: true,
      sendRequest: () => sent.push(correlationId),
    });
    const until = async (condition: () => boolean) => {
      const deadline = Date.now() + 2_000;
      while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const queues: Queue[] = [];
    afterEach(() => queues.splice(0).forEach((queue) => queue.destroy()));

    it('schedules no check while nothing waits and no throttle is in effect', () => {
      const queue = queueOf();
      queues.push(queue);
      const sent: number[] = [];
      queue.push(request(1, sent));
      queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
      queue.checkPendingRequests();
      expect(sent).toEqual([1]);
      expect(queue.throttleCheckTimeoutId).toBeNull();
    });

    it('sends a request queued behind the in-flight limit as soon as the one before is answered', () => {
      const queue = queueOf(1);
      queues.push(queue);
      const sent: number[] = [];
      queue.push(request(1, sent));
      queue.push(request(2, sent));
      expect(sent).toEqual([1]);
      queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
      expect(sent).toEqual([1, 2]);
    });

    it('sends a request queued during a throttle once the throttle ends', async () => {
      const queue = queueOf();
      queues.push(queue);
      const sent: number[] = [];
      queue.maybeThrottle(30);
      queue.push(request(1, sent));
      expect(sent).toEqual([]);
      await until(() => sent.length > 0);
      expect(sent).toEqual([1]);
    });

    it('checks for timeouts only while a request is in flight', async () => {
      const queue = queueOf(null, 30);
      queues.push(queue);
      queue.scheduleRequestTimeoutCheck();
      expect(queue.requestTimeoutIntervalId).toBeNull();
      const sent: number[] = [];
      queue.push(request(1, sent));
      expect(queue.requestTimeoutIntervalId).not.toBeNull();
      queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
      await until(() => queue.requestTimeoutIntervalId === null);
      expect(queue.requestTimeoutIntervalId).toBeNull();
    });

    it('arms one timer, due when the first request in flight would time out', () => {
      const queue = queueOf(null, 30_000);
      queues.push(queue);
      queue.scheduleRequestTimeoutCheck();
      const sentAt = Date.now();
      queue.push(request(1, []));
      queue.push(request(2, []));
      expect(queue.requestTimeoutIntervalId).not.toBeNull();
      expect(queue.requestTimeoutDueAt).toBeGreaterThanOrEqual(sentAt + 30_000);
      expect(queue.requestTimeoutDueAt).toBeLessThan(sentAt + 30_000 + 1_000);
    });

    it('still times out a request left unanswered', async () => {
      const queue = queueOf(null, 30);
      queues.push(queue);
      queue.scheduleRequestTimeoutCheck();
      const failures: Error[] = [];
      queue.push(request(1, [], (error) => failures.push(error)));
      await until(() => failures.length > 0);
      expect(failures.map((error) => error.name)).toEqual(['KafkaJSRequestTimeoutError']);
      await until(() => queue.requestTimeoutIntervalId === null);
      expect(queue.requestTimeoutIntervalId).toBeNull();
    });
  });

  describe('apply', () => {
    let root: string;
    const [patch] = PATCHES;
    const installed = (content: string, version = patch?.version ?? '') => {
      if (!patch) throw new Error('no patches');
      const packageDir = path.join(root, 'node_modules', patch.packageName);
      mkdirSync(path.dirname(path.join(packageDir, patch.file)), { recursive: true });
      writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify({ name: patch.packageName, version }));
      writeFileSync(path.join(packageDir, patch.file), content);
      return path.join(packageDir, patch.file);
    };

    beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'ledgerline-patches-'))));
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('leaves a file it does not recognise alone and says so', () => {
      if (!patch) throw new Error('no patches');
      const file = installed('module.exports = () => ({})\n');
      expect(apply(patch, root)).toMatch(/^NOT applied/);
      expect(readFileSync(file, 'utf8')).toBe('module.exports = () => ({})\n');
    });

    it('leaves another version of the package alone', () => {
      if (!patch) throw new Error('no patches');
      installed('anything', '9.9.9');
      expect(patchStatus(patch, root).state).toBe('unexpected');
    });

    it('recognises a file it already patched', () => {
      if (!patch) throw new Error('no patches');
      installed(`${PATCH_MARK}\nmodule.exports = () => ({})\n`);
      expect(apply(patch, root)).toBe('already applied');
    });

    it('refuses edits whose text is not in the file exactly once', () => {
      const edits = { name: 'edit', packageName: 'p', version: '1', file: 'f.js', edits: [{ find: 'a()', replace: 'b()' }] };
      expect(patchedContent(edits, 'x(); a(); y();')).toBe('x(); b(); y();');
      expect(() => patchedContent(edits, 'x();')).toThrow(/exactly once/);
      expect(() => patchedContent(edits, 'a(); a();')).toThrow(/exactly once/);
    });

    it('skips a package that is not installed', () => {
      if (!patch) throw new Error('no patches');
      expect(apply(patch, root)).toMatch(/^skipped/);
    });
  });
});
