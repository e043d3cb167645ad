// What an operator does with a service's dead letters, for the admin endpoints and the command
// alike: count them by reason, list and show them, replay them (original key, value and headers,
// or a corrected value) once the cause is fixed, or discard them with a reason. Every replay and
// discard is recorded with who, when and why. A letter goes back to its original topic unless the
// service routes that topic's letters to a topic of its own (ReplayRoutes): a service that only
// reads a topic others write must not write it to replay, nor reach that topic's other readers.
//
// Replaying is safe to repeat: the consumers of the replayed topics de-duplicate (the ledger by
// movement id, pos-ingestion by store and transaction id, reorder-forecasting by movement id), so
// a letter sent twice is applied once.
// The record keeps the command from sending a replayed letter again by accident: that takes
// `force`. A letter is marked replayed after the broker acknowledged it; a crash in between
// leaves it open, and replaying it again is harmless for the same reason.
import type { DeadLetterArchive, DeadLetterDetail, DeadLetterPage, ReasonCount } from './dead-letter-archive';
import type { DeadLetterStatus } from './dead-letter-tables';
import type { EventProducer, OutgoingRecord } from '../event-producer';

export type DeadLetterErrorCode = 'DEAD_LETTER.NOT_FOUND' | 'DEAD_LETTER.ALREADY_REPLAYED' | 'DEAD_LETTER.DISCARDED' | 'DEAD_LETTER.NOT_OPEN' | 'DEAD_LETTER.NOT_TEXT';

export class DeadLetterError extends Error {
  override readonly name = 'DeadLetterError';

  constructor(
    readonly code: DeadLetterErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Names the record as a replay, for anyone reading the topic it is replayed to. */
export const REPLAY_HEADER = 'x-replay-of';

export interface ReplayRequest {
  /** Who replays: recorded with the replay. */
  by: string;
  note?: string;
  /** A corrected value to send instead of the original (recorded with the replay). */
  value?: string;
  /** Send a letter already replayed once more. */
  force?: boolean;
}

export interface ReplayOutcome {
  eventId: string;
  /** Where it was sent. */
  topic: string;
  key: string | null;
  edited: boolean;
}

/** Letters replayed per send and mark when a whole reason is replayed. */
const REPLAY_PAGE = 500;

/**
 * Topics whose letters are replayed elsewhere, by contract name: original topic -> replay topic.
 * A letter keeps its deployment's prefix (`staging.inventory.stock-changed.v1` goes to
 * `staging.<replay topic>`), read from its own original topic, so the command needs no prefix.
 */
export type ReplayRoutes = Readonly<Record<string, string>>;

/** The topic a letter of `originalTopic` is replayed to under `routes`. */
export function replayTopicOf(originalTopic: string, routes: ReplayRoutes): string {
  for (const [from, to] of Object.entries(routes)) {
    if (originalTopic === from) return to;
    if (originalTopic.endsWith(`.${from}`)) return `${originalTopic.slice(0, -from.length)}${to}`;
  }
  return originalTopic;
}

export class DeadLetterDesk {
  constructor(
    private readonly archive: DeadLetterArchive,
    private readonly producer: EventProducer,
    private readonly routes: ReplayRoutes = {},
  ) {}

  countsByReason(status: DeadLetterStatus = 'open'): Promise<ReasonCount[]> {
    return this.archive.countsByReason(status);
  }

  list(query: { status: DeadLetterStatus; reasonCode?: string; after?: string; limit: number }): Promise<DeadLetterPage> {
    return this.archive.list(query);
  }

  async show(eventId: string): Promise<DeadLetterDetail> {
    const letter = await this.archive.find(eventId);
    if (!letter) throw new DeadLetterError('DEAD_LETTER.NOT_FOUND', `No dead letter with event id ${eventId}`);
    return letter;
  }

  async replay(eventId: string, request: ReplayRequest): Promise<ReplayOutcome> {
    const letter = await this.show(eventId);
    if (letter.status === 'discarded') throw new DeadLetterError('DEAD_LETTER.DISCARDED', `${eventId} was discarded; it cannot be replayed`);
    if (letter.status === 'replayed' && !request.force) {
      throw new DeadLetterError('DEAD_LETTER.ALREADY_REPLAYED', `${eventId} was replayed already (${letter.replayCount} times, last by ${letter.lastActionBy ?? 'unknown'}); send it again with force`);
    }
    const value = request.value ?? originalText(letter);
    const record = this.replayRecord(letter, value);
    await this.producer.send([record]);
    const marked = await this.archive.markReplayed([eventId], request.by, request.note ?? null, request.force ? ['open', 'replayed'] : ['open'], request.value ?? null);
    // Sent, but someone else changed its status meanwhile: the consumers drop the second copy.
    if (marked.length === 0) throw new DeadLetterError('DEAD_LETTER.NOT_OPEN', `${eventId} was sent, but its status changed meanwhile; show it to see who acted on it`);
    return { eventId, topic: record.topic, key: letter.originalKey, edited: request.value !== undefined };
  }

  /** Replays every open letter of one reason, unchanged; returns how many were sent. */
  async replayReason(reasonCode: string, request: Omit<ReplayRequest, 'value' | 'force'>): Promise<{ replayed: number; skipped: string[] }> {
    let replayed = 0;
    const skipped: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.archive.list({ status: 'open', reasonCode, after, limit: REPLAY_PAGE });
      const letters = await Promise.all(page.items.map((item) => this.show(item.eventId)));
      const sendable = letters.filter((letter) => {
        if (replayableText(letter) !== undefined) return true;
        skipped.push(letter.eventId);
        return false;
      });
      await this.producer.send(sendable.map((letter) => this.replayRecord(letter, originalText(letter))));
      replayed += (await this.archive.markReplayed(sendable.map((letter) => letter.eventId), request.by, request.note ?? null, ['open'])).length;
      if (page.next === null) return { replayed, skipped };
      after = page.next;
    }
  }

  async discard(eventId: string, by: string, reason: string): Promise<void> {
    const letter = await this.show(eventId);
    if (letter.status !== 'open') throw new DeadLetterError('DEAD_LETTER.NOT_OPEN', `${eventId} is ${letter.status}; only an open dead letter can be discarded`);
    if (!(await this.archive.discard(eventId, by, reason))) throw new DeadLetterError('DEAD_LETTER.NOT_OPEN', `${eventId} was changed meanwhile; show it to see who acted on it`);
  }

  private replayRecord(letter: DeadLetterDetail, value: string): OutgoingRecord {
    return { topic: replayTopicOf(letter.originalTopic, this.routes), key: letter.originalKey, value, headers: { ...letter.originalHeaders, [REPLAY_HEADER]: letter.eventId } };
  }
}

/** The original value as text, when it is text (base64 is also how a value with NUL is kept). */
function replayableText(letter: DeadLetterDetail): string | undefined {
  if (letter.originalValueEncoding === 'utf8') return letter.originalValue;
  const bytes = Buffer.from(letter.originalValue, 'base64');
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

function originalText(letter: DeadLetterDetail): string {
  const text = replayableText(letter);
  if (text === undefined) throw new DeadLetterError('DEAD_LETTER.NOT_TEXT', `${letter.eventId} is not UTF-8 text: replay it with a corrected value, or discard it`);
  return text;
}
