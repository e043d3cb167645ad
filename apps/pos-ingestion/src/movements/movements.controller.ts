// The HTTP front door for every movement that is not a till's: receipts (with cost and purchase
// order), landed costs and cost corrections against a receipt, adjustments (reason code),
// transfers (ship, receive, close short), purchase orders (placed, cancelled) and physical counts
// (one item, or a sheet). Thin: authenticate (the global
// AccessGuard and MovementCallerGuard), validate the body's shape, hand it to the intake (which
// checks SKUs and locations against the catalog copy), turn the outcome into an answer. Every answer comes after the movements are on Kafka (acks=all).
import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { identifierSchema, validateContract, type InventoryMovementV1 } from '@ledgerline/contracts';
import { RequireScopeOrOwnGuard, SCOPES } from '@ledgerline/auth';
import { JsonLogger } from '@ledgerline/runtime';
import { IntakeRuntime } from '../intake/intake-runtime';
import { ProblemException, problem } from '../http/problem';
import { requireJsonBody } from '../http/require-json-body';
import { invalid, parsed } from '../http/parse-body';
import { intakeUnavailable } from '../http/intake-unavailable';
import { MovementCallerGuard, movementCallerOf, type MovementRequest } from './movement-caller.guard';
import { closeShortSchema, countSheetSchema, movementBatchSchema, type CountSheet } from './store-operations.schema';
import { closeShortOpenApi, countSheetOpenApi, movementBatchOpenApi, movementOpenApi, movementsAnswerOpenApi, problemOpenApi } from './store-operations.openapi';
import type { StoreOperationsOutcome } from './store-operations-intake';

export interface MovementsAnswer {
  movements: Array<{ movementId: string; status: 'accepted' | 'duplicate' }>;
  accepted: number;
  duplicates: number;
}

const STORE_KEY = 'store-operations key (pk_) of the store, or a service credential with movements:write';

@ApiTags('store operations')
@ApiBearerAuth()
@RequireScopeOrOwnGuard(SCOPES.movementsWrite, STORE_KEY)
@UseGuards(MovementCallerGuard)
@ApiResponse({ status: 400, description: 'Malformed JSON, or a key given twice', schema: problemOpenApi })
@ApiResponse({ status: 401, description: 'Missing, unknown or revoked credential', schema: problemOpenApi })
@ApiResponse({ status: 403, description: "A till's key, a credential without movements:write, or another store's location (the same answer whether that location exists or not)", schema: problemOpenApi })
@ApiResponse({ status: 409, description: 'A movementId taken in before with other content (MOVEMENTS.CONFLICT); nothing of the request is taken', schema: problemOpenApi })
@ApiResponse({ status: 415, description: 'Body not sent as application/json', schema: problemOpenApi })
@ApiResponse({
  status: 422,
  description:
    'Invalid: the contract, the kind, a location or SKU the catalog does not hold (MOVEMENTS.UNKNOWN_LOCATION, MOVEMENTS.UNKNOWN_SKU), a receipt beyond what was shipped; each field and reason in errors; nothing of the request is taken',
  schema: problemOpenApi,
})
@ApiResponse({ status: 429, description: 'Rate limit of this store key exceeded; see Retry-After', schema: problemOpenApi })
@ApiResponse({
  status: 503,
  description:
    'Not stored or not acknowledged by Kafka within INTAKE_PUBLISH_TIMEOUT_MS (INTAKE.UNAVAILABLE), or a SKU or location the catalog copy lacks while it is behind the catalog topics (MOVEMENTS.CATALOG_CATCHING_UP); nothing taken, retry unchanged after Retry-After',
  schema: problemOpenApi,
})
@Controller('v1')
export class MovementsController {
  private readonly logger = new JsonLogger('MovementsController');

  constructor(@Inject(IntakeRuntime) private readonly runtime: IntakeRuntime) {}

  @Post('movements')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Post one movement: receipt, landed-cost, adjustment, transfer-out (ship), transfer-in (receive), count, order-placed or order-cancelled' })
  @ApiBody({ schema: movementOpenApi })
  @ApiResponse({ status: 202, description: 'On Kafka: accepted, or a duplicate of one taken in before (same id and content)', schema: movementsAnswerOpenApi })
  async postMovement(@Req() request: MovementRequest, @Body() body: unknown): Promise<MovementsAnswer> {
    requireJsonBody(request);
    return this.answer(request, () => this.runtime.storeOperations.submit([body], movementCallerOf(request), () => ''));
  }

  @Post('movements/batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Post up to 1000 movements, all or nothing (errors name movements[i].field)' })
  @ApiBody({ schema: movementBatchOpenApi })
  @ApiResponse({ status: 202, description: 'All on Kafka, one status per movement in order', schema: movementsAnswerOpenApi })
  async postBatch(@Req() request: MovementRequest, @Body() body: unknown): Promise<MovementsAnswer> {
    requireJsonBody(request);
    const batch = parsed(movementBatchSchema, body);
    return this.answer(request, () => this.runtime.storeOperations.submit(batch.movements, movementCallerOf(request), (index) => `movements[${index}]`));
  }

  @Post('counts')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Post a count sheet of one location: one count movement per line (`count:<countId>:<sku>`), all or nothing' })
  @ApiBody({ schema: countSheetOpenApi })
  @ApiResponse({ status: 202, description: 'All on Kafka, one status per line in order', schema: movementsAnswerOpenApi })
  async postCountSheet(@Req() request: MovementRequest, @Body() body: unknown): Promise<MovementsAnswer> {
    requireJsonBody(request);
    const movements = countMovementsOf(parsed(countSheetSchema, body));
    return this.answer(request, () => this.runtime.storeOperations.submit(movements, movementCallerOf(request), (index) => `lines[${index}]`));
  }

  @Post('transfers/:transferId/close-short')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Close one SKU of a transfer that arrived short: the missing units (shipped less received through this API) are received and written off at the destination as an adjustment with reason lost',
  })
  @ApiParam({ name: 'transferId' })
  @ApiBody({ schema: closeShortOpenApi })
  @ApiResponse({ status: 202, description: 'The transfer-in and the adjustment, on Kafka; closing again answers them as duplicates', schema: movementsAnswerOpenApi })
  async closeShort(@Req() request: MovementRequest, @Param('transferId') transferId: string, @Body() body: unknown): Promise<MovementsAnswer> {
    requireJsonBody(request);
    const input = parsed(closeShortSchema, body);
    const id = validateContract(identifierSchema, transferId);
    if (!id.ok) throw invalid([{ path: 'transferId', code: 'INTAKE.VALIDATION_FAILED', message: `transferId ${id.errors[0]?.message ?? 'is invalid'}` }]);
    const line = { transferId: id.value, sku: input.sku, fromLocationId: input.fromLocationId, toLocationId: input.toLocationId };
    return this.answer(request, () =>
      this.runtime.storeOperations.closeShort({ line, occurredAt: input.occurredAt, system: input.system, ...(input.note ? { note: input.note } : {}) }, movementCallerOf(request)),
    );
  }

  private async answer(request: MovementRequest, take: () => Promise<StoreOperationsOutcome>): Promise<MovementsAnswer> {
    let outcome: StoreOperationsOutcome;
    try {
      outcome = await take();
    } catch (error) {
      throw intakeUnavailable(error, this.logger, { keyId: request.movementCaller?.keyId }, 'The movements');
    }
    switch (outcome.kind) {
      case 'taken':
        return {
          movements: outcome.movements,
          accepted: outcome.movements.filter((movement) => movement.status === 'accepted').length,
          duplicates: outcome.movements.filter((movement) => movement.status === 'duplicate').length,
        };
      case 'forbidden':
        throw new ProblemException(problem(HttpStatus.FORBIDDEN, outcome.errors[0]!.code, outcome.errors[0]!.message, outcome.errors));
      case 'conflict':
        throw new ProblemException(problem(HttpStatus.CONFLICT, 'MOVEMENTS.CONFLICT', outcome.errors[0]!.message, outcome.errors));
      case 'invalid':
        throw invalid(outcome.errors);
    }
  }
}

/** One count movement per line; the ids derive from the sheet and the SKU, so a sheet sent again is a duplicate. */
function countMovementsOf(sheet: CountSheet): InventoryMovementV1[] {
  return sheet.lines.map((line) => ({
    movementId: `count:${sheet.countId}:${line.sku}`,
    kind: 'count',
    sku: line.sku,
    locationId: sheet.locationId,
    occurredAt: sheet.occurredAt,
    source: { system: sheet.system, documentId: sheet.countId },
    countId: sheet.countId,
    countedQuantity: line.countedQuantity,
  }));
}
