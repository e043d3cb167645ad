// Who may do what on the platform's Kafka cluster: one principal per service and per outside
// system, each allowed only what it does (docs/operations/kafka-security.md). The brokers refuse
// everything else (allow.everyone.if.no.acl.found=false). Topic names come from the contracts;
// what each service reads, writes and creates is what its code does (the readers of each app's
// ensureTopics and consumers), kept beside the contracts' producers and consumers by the spec.
//
// Creating a topic is granted to the services that create their topics at start, for the topics
// they create there, so they can start in any order; a deployment that creates topics ahead of
// time can leave CREATE out (--no-create).
import { TOPICS, type TopicName } from '@ledgerline/contracts';
import { prefixedTopic } from '@ledgerline/messaging';

export type AclOperation = 'READ' | 'WRITE' | 'CREATE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS' | 'ALTER_CONFIGS';
export type AclResource = 'TOPIC' | 'GROUP';
export type AclPattern = 'LITERAL' | 'PREFIXED';

export interface AclGrant {
  /** The SASL user name; the ACL's principal is `User:<principal>`. */
  readonly principal: string;
  readonly resource: AclResource;
  readonly name: string;
  readonly pattern: AclPattern;
  readonly operation: AclOperation;
}

/** The principals tools/kafka/principals.txt creates, apart from the super users. */
export const PLATFORM_PRINCIPALS = ['pos', 'pos-ingestion', 'inventory-ledger', 'reorder-forecasting', 'ops-dashboard', 'erp', 'wms'] as const;
export type PlatformPrincipal = (typeof PLATFORM_PRINCIPALS)[number];

export interface PlatformAclOptions {
  /** KAFKA_TOPIC_PREFIX of the deployment ('' for none). */
  readonly topicPrefix?: string;
  /** Consumer group id prefixes per principal; each defaults to the principal's own name (KAFKA_GROUP_ID's default). */
  readonly groupPrefixes?: Partial<Record<PlatformPrincipal, readonly string[]>>;
  /** False: no principal may create topics (they are created ahead of time by an administrator). */
  readonly allowCreate?: boolean;
}

interface Access {
  readonly read?: readonly TopicName[];
  readonly write?: readonly TopicName[];
  /** Topics the service creates at start when missing, and checks the durability of. */
  readonly ensure?: readonly TopicName[];
  /** Its dead-letter topic, whose retention it raises at start. */
  readonly alterConfigs?: readonly TopicName[];
  /** Topics it only looks at: offsets and metadata, never records. */
  readonly describe?: readonly TopicName[];
  /** Consumer groups of others it may look at (their committed offsets, for lag): a literal '*' for all. */
  readonly describeGroups?: boolean;
}

const T = Object.fromEntries(Object.entries(TOPICS).map(([key, topic]) => [key, topic.name])) as { readonly [K in keyof typeof TOPICS]: (typeof TOPICS)[K]['name'] };
const ALL_TOPICS: readonly TopicName[] = Object.values(T);

const ACCESS: Record<PlatformPrincipal, Access> = {
  // Tills that speak Kafka publish raw transactions and nothing else.
  pos: { write: [T.posTransactionsRaw] },
  'pos-ingestion': {
    // Stock-changed: the cycle-counting program's signals (book on hand, sales, counts, adjustments),
    // and the shipments and receipts the ledger applied, whoever sent them, for the front door's
    // transfer receipts.
    // The catalog: the store-operations door's copy of items and locations, to refuse unknown ones
    // (the topics' end offsets, read to tell whether the copy is caught up, need no more than the
    // DESCRIBE that comes with READ).
    read: [T.posTransactionsRaw, T.posTransactionsDeadLetter, T.stockChanged, T.catalogItems, T.catalogLocations],
    // The raw topic too: an operator's replay of a dead letter goes back to its original topic.
    write: [T.inventoryMovements, T.posTransactionsDeadLetter, T.posTransactionsRaw],
    ensure: [T.posTransactionsRaw, T.posTransactionsDeadLetter, T.inventoryMovements, T.stockChanged, T.catalogItems, T.catalogLocations],
    alterConfigs: [T.posTransactionsDeadLetter],
  },
  'inventory-ledger': {
    read: [T.inventoryMovements, T.inventoryMovementsDeadLetter, T.catalogItems, T.catalogLocations, T.reservationRequests, T.purchaseOrderCosts],
    // Movements: a transfer's receiving side and a purchase order cost's landed costs it derives, and
    // replayed dead letters (a purchase order cost's go back to its own topic).
    write: [T.stockChanged, T.stockLevels, T.alerts, T.reservations, T.reservationReplies, T.inventoryMovements, T.inventoryMovementsDeadLetter, T.purchaseOrderCosts],
    ensure: [
      T.inventoryMovements,
      T.inventoryMovementsDeadLetter,
      T.stockChanged,
      T.stockLevels,
      T.alerts,
      T.reservations,
      T.reservationRequests,
      T.reservationReplies,
      T.catalogItems,
      T.catalogLocations,
      T.purchaseOrderCosts,
    ],
    alterConfigs: [T.inventoryMovementsDeadLetter],
  },
  'reorder-forecasting': {
    // Demand from the movements, the stock position from stock-changed and from the replays of the
    // stock changes it dead-lettered; its archiver reads its dead letters.
    read: [T.stockChanged, T.inventoryMovements, T.forecastingStockChangedReplay, T.forecastingStockChangedDeadLetter],
    // Never stock-changed, the ledger's alone: its dead letters are replayed to a topic of its own.
    write: [T.reorderSuggestions, T.forecastingStockChangedReplay, T.forecastingStockChangedDeadLetter],
    ensure: [T.stockChanged, T.inventoryMovements, T.reorderSuggestions, T.forecastingStockChangedReplay, T.forecastingStockChangedDeadLetter],
    alterConfigs: [T.forecastingStockChangedReplay, T.forecastingStockChangedDeadLetter],
  },
  'ops-dashboard': {
    read: [T.stockLevels, T.catalogItems, T.reorderSuggestions, T.alerts, T.reservations, T.posTransactionsDeadLetter, T.inventoryMovementsDeadLetter, T.forecastingStockChangedDeadLetter],
    // Throughput from every topic's end offsets, lag from every group's committed offsets.
    describe: ALL_TOPICS,
    describeGroups: true,
  },
  erp: {
    // Reservation requests: an order system holding stock for its orders, answered on the replies.
    // Purchase order costs: freight, duty and price differences of a whole order.
    write: [T.inventoryMovements, T.catalogItems, T.catalogLocations, T.reservationRequests, T.purchaseOrderCosts],
    read: [T.stockChanged, T.stockLevels, T.alerts, T.reservations, T.reorderSuggestions, T.reservationReplies],
    ensure: [T.inventoryMovements, T.catalogItems, T.catalogLocations],
  },
  wms: { write: [T.inventoryMovements] },
};

/** Every ACL the platform needs, for one deployment's topic prefix and group ids. */
export function platformAcls({ topicPrefix = '', groupPrefixes = {}, allowCreate = true }: PlatformAclOptions = {}): AclGrant[] {
  const grants: AclGrant[] = [];
  const add = (principal: string, resource: AclResource, name: string, pattern: AclPattern, operations: readonly AclOperation[]) => {
    for (const operation of operations) {
      if (!grants.some((grant) => grant.principal === principal && grant.resource === resource && grant.name === name && grant.pattern === pattern && grant.operation === operation)) {
        grants.push({ principal, resource, name, pattern, operation });
      }
    }
  };
  for (const principal of PLATFORM_PRINCIPALS) {
    const access = ACCESS[principal];
    const topic = (name: TopicName) => prefixedTopic(topicPrefix, name);
    for (const name of access.read ?? []) add(principal, 'TOPIC', topic(name), 'LITERAL', ['READ', 'DESCRIBE']);
    for (const name of access.write ?? []) add(principal, 'TOPIC', topic(name), 'LITERAL', ['WRITE', 'DESCRIBE']);
    for (const name of access.describe ?? []) add(principal, 'TOPIC', topic(name), 'LITERAL', ['DESCRIBE']);
    for (const name of access.ensure ?? []) add(principal, 'TOPIC', topic(name), 'LITERAL', allowCreate ? ['CREATE', 'DESCRIBE', 'DESCRIBE_CONFIGS'] : ['DESCRIBE', 'DESCRIBE_CONFIGS']);
    for (const name of access.alterConfigs ?? []) add(principal, 'TOPIC', topic(name), 'LITERAL', ['ALTER_CONFIGS']);
    if ((access.read ?? []).length > 0) {
      for (const group of groupPrefixes[principal] ?? defaultGroupPrefixes(principal, topicPrefix)) add(principal, 'GROUP', group, 'PREFIXED', ['READ', 'DESCRIBE']);
    }
    if (access.describeGroups) add(principal, 'GROUP', '*', 'LITERAL', ['DESCRIBE']);
  }
  return grants;
}

/** The group ids each reader uses unless configured otherwise (KAFKA_GROUP_ID and its suffixes). */
function defaultGroupPrefixes(principal: PlatformPrincipal, topicPrefix: string): string[] {
  const dotted = topicPrefix ? `${topicPrefix}.` : '';
  switch (principal) {
    case 'ops-dashboard':
      return [`${dotted}ops-dashboard-view`];
    case 'erp':
      // The simulated ERP's purchasing listener, and an ERP's own groups.
      return ['erp', `${dotted}pos-simulator-erp`];
    default:
      return [principal];
  }
}

/** The principals that may write a topic under these grants. */
export function writersOf(grants: readonly AclGrant[], topic: string): string[] {
  return grants.filter((grant) => grant.resource === 'TOPIC' && grant.name === topic && grant.operation === 'WRITE').map((grant) => grant.principal);
}

export class GroupPrefixArgumentError extends Error {
  readonly code = 'ACLS.INVALID_GROUP_PREFIX';
}

/**
 * `--group-prefix principal=prefix` arguments (repeatable, several prefixes for one principal
 * allowed) as platformAcls' groupPrefixes: for a deployment whose KAFKA_GROUP_ID is not the
 * principal's name. A principal not given keeps its default.
 */
export function parseGroupPrefixes(values: readonly string[]): Partial<Record<PlatformPrincipal, string[]>> {
  const prefixes: Partial<Record<PlatformPrincipal, string[]>> = {};
  for (const value of values) {
    const separator = value.indexOf('=');
    const principal = value.slice(0, Math.max(separator, 0));
    const prefix = value.slice(separator + 1);
    if (separator < 0 || prefix === '') throw new GroupPrefixArgumentError(`--group-prefix ${JSON.stringify(value)}: expected principal=prefix`);
    if (!isPlatformPrincipal(principal)) throw new GroupPrefixArgumentError(`--group-prefix ${JSON.stringify(value)}: ${JSON.stringify(principal)} is not one of ${PLATFORM_PRINCIPALS.join(', ')}`);
    (prefixes[principal] ??= []).push(prefix);
  }
  return prefixes;
}

function isPlatformPrincipal(name: string): name is PlatformPrincipal {
  return (PLATFORM_PRINCIPALS as readonly string[]).includes(name);
}
