import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Patch {
  name: string;
  packageName: string;
  version: string;
  file: string;
  replacement: string;
}

interface PatchesModule {
  PATCHES: Patch[];
  apply(patch: Patch, root: string): string;
  patchStatus(patch: Patch, root: string): { state: 'applied' | 'pending' | 'not-installed' | 'unexpected' };
}

// The patch script is plain CommonJS so that it runs straight after `npm ci`, before any tooling.
const { PATCHES, apply, patchStatus } = require('./apply-patches.cjs') as PatchesModule;

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
      installed(patch.replacement);
      expect(apply(patch, root)).toBe('already applied');
    });

    it('skips a package that is not installed', () => {
      if (!patch) throw new Error('no patches');
      expect(apply(patch, root)).toMatch(/^skipped/);
    });
  });
});
