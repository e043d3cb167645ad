// Admin API (a credential with the `admin` scope): stores, their POS credentials, and the recent
// rejections (also readable with `rejections:read` alone, as the ops dashboard does).
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { storeIdSchema, terminalIdSchema, validateContract } from '@ledgerline/contracts';
import { JsonLogger } from '@ledgerline/runtime';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { IntakeRuntime } from '../intake/intake-runtime';
import type { HttpResponse } from '../http/http-types';
import { ProblemException, problem } from '../http/problem';
import { API_KEY_PURPOSES, UnknownStoreError, type IssuedCredential, type StoreRecord } from '../persistence/credential-store';
import type { RecordedRejection } from '../persistence/rejection-log';

const registerStoreSchema = z.strictObject({ storeId: storeIdSchema, name: z.string().min(1).max(200).optional() });
const issueKeySchema = z.strictObject({
  storeId: storeIdSchema,
  terminalId: terminalIdSchema.optional(),
  label: z.string().min(1).max(200).optional(),
  purpose: z.enum(API_KEY_PURPOSES).optional(),
});

@ApiTags('admin')
@ApiBearerAuth()
@RequireScope(SCOPES.admin)
@Controller('v1/admin')
export class AdminController {
  private readonly logger = new JsonLogger('AdminController');

  constructor(@Inject(IntakeRuntime) private readonly runtime: IntakeRuntime) {}

  @Post('stores')
  @ApiOperation({ summary: 'Register a store (idempotent: 201 when created, 200 when it existed)' })
  @ApiBody({ schema: { type: 'object', required: ['storeId'], properties: { storeId: { type: 'string' }, name: { type: 'string' } } } })
  async registerStore(@Body() body: unknown, @Res({ passthrough: true }) response: HttpResponse): Promise<StoreRecord> {
    const input = parse(registerStoreSchema, body);
    const { store, created } = await this.runtime.credentials.registerStore(input.storeId, input.name ?? null);
    response.statusCode = created ? HttpStatus.CREATED : HttpStatus.OK;
    if (created) this.logger.info('store registered', { storeId: store.storeId });
    return store;
  }

  @Get('stores')
  @ApiOperation({ summary: 'Registered stores' })
  listStores(): Promise<StoreRecord[]> {
    return this.runtime.credentials.listStores();
  }

  @Post('api-keys')
  @ApiOperation({
    summary: 'Issue a store-bound credential: a till\'s POS key (purpose till, the default; optionally one terminal) or a key for the store\'s staff to post its movements (purpose store-operations); the apiKey is shown only in this answer',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['storeId'],
      properties: { storeId: { type: 'string' }, terminalId: { type: 'string' }, label: { type: 'string' }, purpose: { type: 'string', enum: [...API_KEY_PURPOSES] } },
    },
  })
  @ApiResponse({ status: 201, description: '{ keyId, apiKey, storeId, terminalId, purpose }' })
  async issueKey(@Body() body: unknown, @Res({ passthrough: true }) response: HttpResponse): Promise<IssuedCredential> {
    const input = parse(issueKeySchema, body);
    try {
      const issued = await this.runtime.credentials.issueKey(input.storeId, input.terminalId ?? null, input.label ?? null, input.purpose ?? 'till');
      response.statusCode = HttpStatus.CREATED;
      this.logger.info('credential issued', { keyId: issued.keyId, storeId: issued.storeId, terminalId: issued.terminalId, purpose: issued.purpose });
      return issued;
    } catch (error) {
      if (!(error instanceof UnknownStoreError)) throw error;
      throw new ProblemException(problem(HttpStatus.UNPROCESSABLE_ENTITY, error.code, error.message, [{ path: 'storeId', code: error.code, message: error.message }]));
    }
  }

  @Get('api-keys')
  @ApiOperation({ summary: 'Credentials (without secrets), optionally of one store' })
  @ApiQuery({ name: 'storeId', required: false })
  listKeys(@Query('storeId') storeId?: string) {
    return this.runtime.credentials.listKeys(storeId);
  }

  @Delete('api-keys/:keyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a credential; requests with it get 401 from then on' })
  async revokeKey(@Param('keyId') keyId: string): Promise<void> {
    const { found } = await this.runtime.credentials.revokeKey(keyId);
    if (!found) throw new ProblemException(problem(HttpStatus.NOT_FOUND, 'ADMIN.UNKNOWN_KEY', `No credential with keyId ${keyId}`));
    this.logger.info('credential revoked', { keyId });
  }

  @Get('rejections')
  @RequireScope(SCOPES.rejectionsRead, SCOPES.admin)
  @ApiOperation({ summary: 'Most recent refused transactions, newest first (HTTP and Kafka)' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 50' })
  recentRejections(@Query('limit') limit?: string): Promise<RecordedRejection[]> {
    return this.runtime.rejections.recent(parseLimit(limit));
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = validateContract(schema, body);
  if (result.ok) return result.value;
  const errors = result.errors.map((error) => ({ ...error, code: 'ADMIN.VALIDATION_FAILED' }));
  throw new ProblemException(problem(HttpStatus.UNPROCESSABLE_ENTITY, 'ADMIN.VALIDATION_FAILED', errors[0]?.message ?? 'invalid body', errors));
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  const limit = Number(value);
  if (Number.isSafeInteger(limit) && limit >= 1 && limit <= 1000) return limit;
  throw new ProblemException(
    problem(HttpStatus.BAD_REQUEST, 'ADMIN.INVALID_QUERY', 'limit must be an integer from 1 to 1000', [{ path: 'limit', message: 'limit must be an integer from 1 to 1000' }]),
  );
}
