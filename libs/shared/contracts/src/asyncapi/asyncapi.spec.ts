import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { TOPIC_LIST, validateContract } from '../index';
import { buildAsyncApiDocument } from './build-asyncapi-document';
import { REGENERATE_ASYNCAPI_COMMAND, renderAsyncApiYaml } from './render-asyncapi-yaml';
import { ASYNCAPI_FILE } from './write-asyncapi';

const ERROR_SEVERITY = 0;
const committed = readFileSync(ASYNCAPI_FILE, 'utf8');

interface MessageObject {
  payload: unknown;
  examples: { name: string; payload: unknown }[];
}

describe('asyncapi.yaml', () => {
  it('is what the contracts generate today', () => {
    // A failure here means a contract changed without regenerating the document.
    const upToDate = committed === renderAsyncApiYaml();
    expect(upToDate ? 'up to date' : `asyncapi.yaml is stale: run ${REGENERATE_ASYNCAPI_COMMAND}`).toBe('up to date');
  });

  it('is a valid AsyncAPI 3 document', async () => {
    const { document, diagnostics } = await new Parser().parse(committed);
    const errors = diagnostics
      .filter((diagnostic) => diagnostic.severity === ERROR_SEVERITY)
      .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`);
    expect(errors).toEqual([]);
    expect(document?.channels().all().map((channel) => channel.address()).sort()).toEqual(TOPIC_LIST.map((topic) => topic.name).sort());
  }, 30_000);

  it('has examples that the zod contracts accept, for every topic', () => {
    const messages = (parse(committed) as { components: { messages: Record<string, MessageObject> } }).components.messages;
    const documented = Object.values(messages);
    expect(documented).toHaveLength(TOPIC_LIST.length);
    TOPIC_LIST.forEach((topic, index) => {
      const examples = documented[index]?.examples ?? [];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const result = validateContract(topic.valueSchema, example.payload);
        expect({ topic: topic.name, example: example.name, errors: result.ok ? [] : result.errors }).toEqual({ topic: topic.name, example: example.name, errors: [] });
      }
    });
  });

  it('describes keys, cleanup policies and who sends and receives each topic', () => {
    const document = buildAsyncApiDocument() as {
      channels: Record<string, { address: string; bindings: { kafka: { topicConfiguration: { 'cleanup.policy': string[] } } } }>;
      operations: Record<string, { action: string; channel: { $ref: string } }>;
    };
    for (const topic of TOPIC_LIST) {
      const [channelId, channel] = Object.entries(document.channels).find(([, candidate]) => candidate.address === topic.name) ?? [];
      expect(channel?.bindings.kafka.topicConfiguration['cleanup.policy']).toEqual([topic.cleanupPolicy]);
      const actions = Object.values(document.operations).filter((operation) => operation.channel.$ref === `#/channels/${channelId}`).map((operation) => operation.action);
      expect(actions.filter((action) => action === 'send')).toHaveLength(topic.producers.length);
      expect(actions.filter((action) => action === 'receive')).toHaveLength(topic.consumers.length);
    }
  });
});
