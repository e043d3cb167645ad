// Takes in store operations (receipts, adjustments, transfers, purchase orders, counts) for the
// HTTP front door: screened (the movement contract, the caller's store, the kind, the SKU and
// locations against the catalog copy), recorded all or nothing (duplicates and conflicts by
// movement id, a transfer's receipts within what it shipped), sent to inventory.movements.v1 and marked published, and
// only then answered. Kafka's acknowledgement is waited for at most INTAKE_PUBLISH_TIMEOUT_MS
// from the request's arrival; after that the request fails with PublicationUnavailableError
// (503, retry unchanged: the retry finds its movements recorded and sends them again, which the
// ledger drops as duplicates if the first send did land). No transaction or lock is held while
// Kafka is waited for.
import { randomUUID } from 'node:crypto';
import { inventoryMovementV1Schema, validateContract } from '@ledgerline/contracts';
import {
  checkCatalogKnown,
  checkTransferLineKnown,
  checkStoreOperation,
  closeShortMovements,
  locationsNamed,
  type CloseShortRequest,
  type MovementCaller,
  type StoreOperationMovement,
  type StoreOperationViolation,
} from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import { PublicationUnavailableError, settleBy } from '../intake/claimed-publisher';
import type { StoreOperationSender } from '../intake/movement-publisher';
import type { CatalogCopy } from '../catalog/catalog-copy';
import type { MovementRequestStore } from './movement-request-store';

export interface MovementProblem {
  path: string;
  code: string;
  message: string;
}

export type StoreOperationsOutcome =
  | { kind: 'taken'; movements: Array<{ movementId: string; status: 'accepted' | 'duplicate' }> }
  | { kind: 'invalid'; errors: MovementProblem[] }
  | { kind: 'forbidden'; errors: MovementProblem[] }
  | { kind: 'conflict'; errors: MovementProblem[] };

/**
 * `catalog: 'listed'` for the count movements of a cycle-count list: its items are those the
 * ledger holds stock of at a registered store (a till may sell an item before the catalog has it),
 * so they are counted whatever the catalog says; every other caller checks the catalog.
 */
export interface SubmitOptions {
  startedAt?: number;
  catalog?: 'check' | 'listed';
}

export class StoreOperationsIntake {
  private readonly logger = new JsonLogger('StoreOperationsIntake');

  constructor(
    private readonly catalog: Pick<CatalogCopy, 'known'>,
    private readonly requests: MovementRequestStore,
    private readonly sender: StoreOperationSender,
    private readonly options: { timeoutMs: number },
  ) {}

  /** `pathOf(i)` names the i-th movement in answers: `movements[3]` in a batch, nothing for one movement. */
  async submit(inputs: readonly unknown[], caller: MovementCaller, pathOf: (index: number) => string, { startedAt = Date.now(), catalog = 'check' }: SubmitOptions = {}): Promise<StoreOperationsOutcome> {
    const movements: StoreOperationMovement[] = [];
    const invalid: MovementProblem[] = [];
    for (const [index, input] of inputs.entries()) {
      const checked = validateContract(inventoryMovementV1Schema, input);
      if (!checked.ok) {
        invalid.push(...checked.errors.map((error) => ({ path: join(pathOf(index), error.path), code: 'INTAKE.VALIDATION_FAILED', message: error.message })));
        continue;
      }
      const broken = checkStoreOperation(checked.value, caller);
      if (broken?.code === 'MOVEMENTS.STORE_MISMATCH') return { kind: 'forbidden', errors: [named(pathOf(index), broken)] };
      if (broken) invalid.push(named(pathOf(index), broken));
      else movements.push(checked.value as StoreOperationMovement);
    }
    if (invalid.length > 0) return { kind: 'invalid', errors: invalid };
    if (catalog === 'check') {
      const unknown = (await this.unknownToCatalog(movements)).flatMap((violations, index) => violations.map((broken) => named(pathOf(index), broken)));
      if (unknown.length > 0) return { kind: 'invalid', errors: unknown };
    }
    return this.take(movements, caller, pathOf, startedAt);
  }

  /** Closes a transfer line that arrived short (closeShortMovements): the missing units received, then written off as lost. */
  async closeShort(request: Omit<CloseShortRequest, 'progress'>, caller: MovementCaller, startedAt = Date.now()): Promise<StoreOperationsOutcome & { missing?: number }> {
    if (caller.kind === 'store' && request.line.toLocationId !== caller.storeId) {
      return { kind: 'forbidden', errors: [{ path: 'toLocationId', code: 'MOVEMENTS.STORE_MISMATCH', message: `toLocationId is ${request.line.toLocationId}, but this credential belongs to store ${caller.storeId}` }] };
    }
    const { line } = request;
    const unknown = checkTransferLineKnown(line, await this.catalog.known([line.sku], [line.fromLocationId, line.toLocationId]));
    if (unknown.length > 0) return { kind: 'invalid', errors: unknown.map((broken) => named('', broken)) };
    const progress = await this.requests.transferProgress(line);
    const closing = closeShortMovements({ ...request, progress });
    if (!Array.isArray(closing)) return { kind: 'invalid', errors: [named('', closing)] };
    const outcome = await this.take(closing, caller, (index) => `movements[${index}]`, startedAt);
    return outcome.kind === 'taken' ? { ...outcome, missing: progress.shipped - progress.received } : outcome;
  }

  /**
   * Per line rather than all or nothing (bulk files): movements refused for themselves (a
   * conflict, a receipt beyond its shipment) are set aside with their problem and the rest taken.
   * The caller has checked the contract, the kind and the caller's store. Lines the catalog
   * lacks are set aside first, from one lookup of the whole chunk.
   */
  async takeEachValid(movements: StoreOperationMovement[], caller: MovementCaller, startedAt = Date.now()): Promise<{ taken: Array<'accepted' | 'duplicate'>; refused: Map<number, MovementProblem> }> {
    const refused = new Map<number, MovementProblem>();
    const unknown = await this.unknownToCatalog(movements);
    let remaining: Array<{ movement: StoreOperationMovement; index: number }> = [];
    for (const [index, movement] of movements.entries()) {
      const [first] = unknown[index] ?? [];
      if (first) refused.set(index, named('', first));
      else remaining.push({ movement, index });
    }
    if (remaining.length === 0) return { taken: [], refused };
    for (;;) {
      const outcome = await this.take(remaining.map(({ movement }) => movement), caller, (at) => String(at), startedAt);
      if (outcome.kind === 'taken') {
        const taken: Array<'accepted' | 'duplicate'> = [];
        for (const [at, { index }] of remaining.entries()) taken[index] = outcome.movements[at]!.status;
        return { taken, refused };
      }
      if (outcome.kind === 'forbidden') throw new Error('takeEachValid was handed a movement its caller may not post');
      const setAside = new Set(outcome.errors.map((error) => Number(error.path.split('.')[0])));
      if (setAside.size === 0 || [...setAside].some(Number.isNaN)) throw new Error(`a refusal names no movement: ${JSON.stringify(outcome.errors)}`);
      for (const error of outcome.errors) refused.set(remaining[Number(error.path.split('.')[0])]!.index, { ...error, path: error.path.split('.').slice(1).join('.') });
      remaining = remaining.filter((_, at) => !setAside.has(at));
      if (remaining.length === 0) return { taken: [], refused };
    }
  }

  /** What of each movement the catalog lacks, in order; one lookup for them all. */
  private async unknownToCatalog(movements: readonly StoreOperationMovement[]): Promise<StoreOperationViolation[][]> {
    const known = await this.catalog.known(
      movements.map((movement) => movement.sku),
      movements.flatMap((movement) => locationsNamed(movement).map(({ locationId }) => locationId)),
    );
    return movements.map((movement) => checkCatalogKnown(movement, known));
  }

  private async take(movements: StoreOperationMovement[], caller: MovementCaller, pathOf: (index: number) => string, startedAt: number): Promise<StoreOperationsOutcome> {
    const recorded = await this.requests.record(movements, caller.keyId);
    if (recorded.kind === 'conflict') {
      return {
        kind: 'conflict',
        errors: recorded.indexes.map((index) => ({
          path: join(pathOf(index), 'movementId'),
          code: 'MOVEMENTS.CONFLICT',
          message: `movementId ${movements[index]!.movementId} was taken in before with other content`,
        })),
      };
    }
    if (recorded.kind === 'refused') return { kind: 'invalid', errors: [named(pathOf(recorded.index), recorded.violation)] };

    const toSend = recorded.movements.filter((entry) => !entry.published).map((entry) => entry.movement);
    await this.publish(toSend, caller, startedAt);
    return { kind: 'taken', movements: recorded.movements.map(({ movement, status }) => ({ movementId: movement.movementId, status })) };
  }

  private async publish(movements: StoreOperationMovement[], caller: MovementCaller, startedAt: number): Promise<void> {
    if (movements.length === 0) return;
    const correlationId = `store-operations:${caller.keyId}:${randomUUID()}`;
    const giveUp = new AbortController();
    const sent = this.sender.send(movements, correlationId, giveUp.signal);
    // Also after this request gave up: a send kafkajs had already taken marks what it published.
    const marked = sent.then(() => this.requests.markPublished(movements.map((movement) => movement.movementId)));
    try {
      await settleBy(sent, startedAt + this.options.timeoutMs);
    } catch (error) {
      giveUp.abort(error);
      marked.catch(() => undefined);
      this.logger.warn('movements not acknowledged by Kafka within the bound', { error, correlationId, movements: movements.length });
      throw new PublicationUnavailableError(`Kafka did not acknowledge the movements within ${this.options.timeoutMs} ms`, { cause: error });
    }
    await marked;
    this.logger.info('store operations published', { correlationId, keyId: caller.keyId, movements: movements.length });
  }
}

function named(prefix: string, broken: StoreOperationViolation): MovementProblem {
  return { path: join(prefix, broken.path), code: broken.code, message: broken.message };
}

function join(prefix: string, path: string): string {
  if (prefix === '') return path;
  return path === '' ? prefix : `${prefix}.${path}`;
}
