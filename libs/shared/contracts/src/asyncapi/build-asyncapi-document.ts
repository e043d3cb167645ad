// Builds the AsyncAPI 3.0 document of the platform from the topic registry. Payload schemas are
// generated from the zod contracts, so the document cannot describe fields the code does not
// check. asyncapi.yaml is this function's output; asyncapi.spec.ts fails when they differ.
import { z } from 'zod';
import type { Participant, TopicDefinition } from '../topic-definition';
import { TOPIC_LIST } from '../topics';

export const ASYNCAPI_DOCUMENT_VERSION = '1.0.0';
const KAFKA_BINDING_VERSION = '0.5.0';

type JsonObject = { [key: string]: unknown };

const participantRoles: Record<Participant, string> = {
  pos: 'POS tills that publish to Kafka instead of calling the HTTP API',
  'pos-ingestion': 'pos-ingestion',
  'inventory-ledger': 'inventory-ledger',
  'reorder-forecasting': 'reorder-forecasting',
  'ops-dashboard': 'the ops dashboard',
  erp: 'the ERP',
  wms: 'the warehouse management system',
  'store-ops': 'store operations (counts)',
};

/** `inventory.stock-changed.v1` → `inventoryStockChangedV1`: AsyncAPI ids allow no dots. */
function camelId(text: string): string {
  return text.replace(/[.-]+([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function payloadJsonSchema(topic: TopicDefinition): JsonObject {
  // AsyncAPI schemas are a superset of JSON Schema draft 07; the $schema marker is not part of it.
  const { $schema: _draft, ...schema } = z.toJSONSchema(topic.valueSchema, { target: 'draft-7' });
  return schema;
}

function message(topic: TopicDefinition): JsonObject {
  const shape = topic.enveloped
    ? `An envelope (eventType \`${topic.eventType}\`, schemaVersion ${topic.version}) around the payload.`
    : 'The bare payload, without an envelope.';
  return {
    name: topic.eventType,
    title: `${topic.eventType} v${topic.version}`,
    summary: topic.description,
    description: `${shape} Key: ${topic.keyDescription}.`,
    contentType: 'application/json',
    payload: payloadJsonSchema(topic),
    bindings: {
      kafka: {
        key: { type: 'string', description: topic.keyDescription },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    examples: topic.examples.map((example) => ({
      name: example.name,
      summary: example.summary,
      payload: example.value,
    })),
  };
}

function channel(topic: TopicDefinition): JsonObject {
  const channelId = camelId(topic.name);
  return {
    address: topic.name,
    title: topic.name,
    description: `${topic.description} Cleanup policy: ${topic.cleanupPolicy}.`,
    messages: { [camelId(topic.eventType)]: { $ref: `#/components/messages/${channelId}` } },
    bindings: {
      kafka: {
        topic: topic.name,
        topicConfiguration: { 'cleanup.policy': [topic.cleanupPolicy] },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function operations(topic: TopicDefinition): [string, JsonObject][] {
  const channelId = camelId(topic.name);
  const messageRef = { $ref: `#/channels/${channelId}/messages/${camelId(topic.eventType)}` };
  const operation = (participant: Participant, action: 'send' | 'receive'): [string, JsonObject] => [
    `${camelId(participant)}_${action}_${channelId}`,
    {
      action,
      channel: { $ref: `#/channels/${channelId}` },
      summary: `${participantRoles[participant]} ${action === 'send' ? 'publishes to' : 'consumes'} ${topic.name}`,
      tags: [{ name: participant }],
      messages: [messageRef],
    },
  ];
  return [
    ...topic.producers.map((participant) => operation(participant, 'send')),
    ...topic.consumers.map((participant) => operation(participant, 'receive')),
  ];
}

export function buildAsyncApiDocument(topics: readonly TopicDefinition[] = TOPIC_LIST): JsonObject {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Ledgerline events',
      version: ASYNCAPI_DOCUMENT_VERSION,
      description:
        'Every Kafka topic of the Ledgerline perpetual inventory platform. Values are JSON; money is a decimal ' +
        'string with at most 4 fraction digits, quantities are integers in the unit of measure. Operations are ' +
        'tagged with the service or system that sends or receives.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The local broker started by `npm run kafka` or `npm run up`',
      },
    },
    channels: Object.fromEntries(topics.map((topic) => [camelId(topic.name), channel(topic)])),
    operations: Object.fromEntries(topics.flatMap(operations)),
    components: {
      messages: Object.fromEntries(topics.map((topic) => [camelId(topic.name), message(topic)])),
    },
  };
}
