// POS HTTP API (OpenAPI at /docs). Thin: authenticate (guard), hand the body to the intake, turn
// the outcome into an answer. A batch answers per transaction; a single transaction answers 202
// or a problem body naming each field and reason.
import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { posTransactionBatchV1Schema, validateContract } from '@ledgerline/contracts';
import { JsonLogger } from '@ledgerline/runtime';
import { AuthenticatedByOwnGuard } from '@ledgerline/auth';
import { PosApiKeyGuard } from '../auth/pos-api-key.guard';
import { callerOf, type AuthenticatedRequest } from '../auth/pos-caller';
import type { IntakeOutcome } from '../intake/intake-outcome';
import { IntakeRuntime } from '../intake/intake-runtime';
import { batchAnswerSchema, posTransactionBatchSchema, posTransactionSchema, problemSchema, transactionAnswerSchema } from './openapi-schemas';
import { ProblemException, intakeProblem, problem } from './problem';
import { requireJsonBody } from './require-json-body';
import { intakeUnavailable } from './intake-unavailable';

export interface TransactionAnswer {
  transactionId: string;
  storeId: string;
  status: 'accepted' | 'duplicate';
  movementIds: string[];
}

export interface BatchResult {
  index: number;
  transactionId?: string;
  status: IntakeOutcome['status'];
  errors?: Array<{ path: string; code: string; message: string }>;
}

export interface BatchAnswer {
  results: BatchResult[];
  accepted: number;
  duplicates: number;
  conflicts: number;
  rejected: number;
}

@ApiTags('transactions')
@ApiBearerAuth()
@AuthenticatedByOwnGuard('POS key (pk_): PosApiKeyGuard')
@UseGuards(PosApiKeyGuard)
@Controller('v1/transactions')
export class TransactionsController {
  private readonly logger = new JsonLogger('TransactionsController');

  constructor(@Inject(IntakeRuntime) private readonly runtime: IntakeRuntime) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Post one sale, return or void; answered after its movements are on Kafka' })
  @ApiBody({ schema: posTransactionSchema })
  @ApiResponse({ status: 202, description: 'Accepted, or a duplicate of one already accepted', schema: transactionAnswerSchema })
  @ApiResponse({ status: 400, description: 'Malformed JSON', schema: problemSchema })
  @ApiResponse({ status: 401, description: 'Missing, unknown or revoked API key', schema: problemSchema })
  @ApiResponse({ status: 403, description: 'The transaction belongs to another store or terminal', schema: problemSchema })
  @ApiResponse({ status: 409, description: 'The transactionId was used before for different content', schema: problemSchema })
  @ApiResponse({ status: 413, description: 'Body larger than HTTP_BODY_LIMIT', schema: problemSchema })
  @ApiResponse({ status: 415, description: 'Body not sent as application/json', schema: problemSchema })
  @ApiResponse({ status: 422, description: 'Invalid transaction: each field and reason in errors', schema: problemSchema })
  @ApiResponse({ status: 429, description: 'Rate limit of this credential exceeded; see Retry-After', schema: problemSchema })
  @ApiResponse({ status: 503, description: 'Not stored or not acknowledged by Kafka within INTAKE_PUBLISH_TIMEOUT_MS; retry unchanged after Retry-After', schema: problemSchema })
  async postTransaction(@Req() request: AuthenticatedRequest, @Body() body: unknown): Promise<TransactionAnswer> {
    requireJsonBody(request);
    const [outcome] = await this.submit([body], request);
    if (!outcome) throw new Error('the intake answered nothing for one transaction');
    if (outcome.status === 'accepted' || outcome.status === 'duplicate') {
      return { transactionId: outcome.transactionId, storeId: outcome.storeId, status: outcome.status, movementIds: outcome.movementIds };
    }
    throw new ProblemException(intakeProblem(outcome.errors));
  }

  @Post('batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Post up to 1000 transactions; each is answered on its own, the good ones are taken whatever the others' })
  @ApiBody({ schema: posTransactionBatchSchema })
  @ApiResponse({ status: 200, description: 'One result per submitted transaction, in order', schema: batchAnswerSchema })
  @ApiResponse({ status: 422, description: 'The batch itself is invalid (missing, empty or too many transactions)', schema: problemSchema })
  async postBatch(@Req() request: AuthenticatedRequest, @Body() body: unknown): Promise<BatchAnswer> {
    requireJsonBody(request);
    const batch = validateContract(posTransactionBatchV1Schema, body);
    if (!batch.ok) {
      const errors = batch.errors.map((error) => ({ ...error, code: 'INTAKE.VALIDATION_FAILED' }));
      throw new ProblemException(problem(HttpStatus.UNPROCESSABLE_ENTITY, 'INTAKE.VALIDATION_FAILED', errors[0]?.message ?? 'invalid batch', errors));
    }
    const outcomes = await this.submit(batch.value.transactions, request);
    const count = (status: IntakeOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
    return {
      results: outcomes.map(batchResult),
      accepted: count('accepted'),
      duplicates: count('duplicate'),
      conflicts: count('conflict'),
      rejected: count('rejected'),
    };
  }

  private async submit(inputs: unknown[], request: AuthenticatedRequest): Promise<IntakeOutcome[]> {
    try {
      return await this.runtime.intake.submit(inputs, { channel: 'http', caller: callerOf(request) });
    } catch (error) {
      throw intakeUnavailable(error, this.logger, { keyId: request.posCaller?.keyId, transactions: inputs.length }, 'The transaction');
    }
  }
}

/**
 * One transaction's part of a batch answer: index, transactionId when known, status, errors when
 * refused. Each shape is one literal rather than spread from conditional parts, which V8 builds
 * on its slow path, once for every transaction answered.
 */
function batchResult(outcome: IntakeOutcome, index: number): BatchResult {
  const { transactionId, status } = outcome;
  if (!('errors' in outcome)) return transactionId !== undefined ? { index, transactionId, status } : { index, status };
  const errors = outcome.errors.map(({ path, code, message }) => ({ path, code, message }));
  return transactionId !== undefined ? { index, transactionId, status, errors } : { index, status, errors };
}
