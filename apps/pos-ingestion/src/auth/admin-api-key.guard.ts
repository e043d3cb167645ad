// The admin endpoints (stores, credentials, rejections) take `Authorization: Bearer <ADMIN_API_KEY>`.
import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { POS_INGESTION_CONFIG, type PosIngestionConfig } from '../config/pos-ingestion.config';
import type { HttpRequest } from '../http/http-types';
import { ProblemException, problem } from '../http/problem';
import { bearerToken, constantTimeEqual } from './api-key';

@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  constructor(@Inject(POS_INGESTION_CONFIG) private readonly config: PosIngestionConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context.switchToHttp().getRequest<HttpRequest>().headers.authorization);
    if (token !== null && constantTimeEqual(token, this.config.ADMIN_API_KEY)) return true;
    throw new ProblemException(
      problem(HttpStatus.UNAUTHORIZED, token === null ? 'AUTH.MISSING_CREDENTIAL' : 'AUTH.INVALID_CREDENTIAL', 'The admin endpoints need Authorization: Bearer <ADMIN_API_KEY>'),
      { 'WWW-Authenticate': 'Bearer' },
    );
  }
}
