import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Patch {
  name: string;
  packageName: string;
  version: string;
  file: string;
  replacement?: string;
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
