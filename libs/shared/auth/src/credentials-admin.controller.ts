// The admin API of a service's own credentials, under /v1/admin/credentials (scope `admin`):
// issue (the credential is shown only in that answer), list without secrets, revoke.
import { Body, Controller, Delete, Get, HttpCode, HttpException, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { JsonLogger } from '@ledgerline/runtime';
import { RequireScope } from './access-rules';
import { SCOPES } from './scopes';
import { ServiceCredentialStore, UnknownScopeError, type IssuedServiceCredential, type ServiceCredentialRecord } from './service-credential-store';

const issueSchema = z.strictObject({ scopes: z.array(z.string().min(1).max(64)).min(1).max(16), label: z.string().min(1).max(200).optional() });

@ApiTags('credentials')
@ApiBearerAuth()
@RequireScope(SCOPES.admin)
@Controller('v1/admin/credentials')
export class CredentialsAdminController {
  private readonly logger = new JsonLogger('CredentialsAdmin');

  constructor(@Inject(ServiceCredentialStore) private readonly credentials: ServiceCredentialStore) {}

  @Post()
  @ApiOperation({ summary: "Issue a credential of this service with the scopes given; the credential is shown only in this answer" })
  @ApiBody({ schema: { type: 'object', required: ['scopes'], properties: { scopes: { type: 'array', items: { type: 'string' } }, label: { type: 'string' } } } })
  async issue(@Body() body: unknown): Promise<IssuedServiceCredential> {
    const parsed = issueSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), code: 'AUTH.INVALID_REQUEST', message: issue.message }));
      throw invalid('AUTH.INVALID_REQUEST', errors[0]?.message ?? 'invalid body', errors);
    }
    try {
      const issued = await this.credentials.issue(parsed.data.scopes, parsed.data.label ?? null);
      this.logger.info('credential issued', { keyId: issued.keyId, scopes: issued.scopes, label: issued.label });
      return issued;
    } catch (error) {
      if (!(error instanceof UnknownScopeError)) throw error;
      throw invalid(error.code, error.message, [{ path: 'scopes', code: error.code, message: error.message }]);
    }
  }

  @Get()
  @ApiOperation({ summary: 'Credentials of this service, without secrets' })
  list(): Promise<ServiceCredentialRecord[]> {
    return this.credentials.list();
  }

  @Delete(':keyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a credential: its next request is refused' })
  async revoke(@Param('keyId') keyId: string): Promise<void> {
    const { found } = await this.credentials.revoke(keyId);
    if (!found) throw new HttpException({ status: 404, code: 'AUTH.UNKNOWN_CREDENTIAL', message: `No credential with keyId ${keyId}`, errors: [] }, 404);
    this.logger.info('credential revoked', { keyId });
  }
}

function invalid(code: string, message: string, errors: Array<{ path: string; code: string; message: string }>): HttpException {
  return new HttpException({ status: HttpStatus.UNPROCESSABLE_ENTITY, code, message, errors }, HttpStatus.UNPROCESSABLE_ENTITY);
}
