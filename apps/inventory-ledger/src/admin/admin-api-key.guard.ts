// The ledger's admin endpoints (dead letters) take `Authorization: Bearer <ADMIN_API_KEY>`. Without
// ADMIN_API_KEY configured they refuse everyone: the ledger's query API stays open, its admin API never is.
import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';

@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['authorization'];
    const token = typeof header === 'string' ? (/^Bearer\s+(\S+)$/i.exec(header.trim())?.[1] ?? null) : null;
    const key = this.config.ADMIN_API_KEY;
    if (token !== null && key !== undefined && sameSecret(token, key)) return true;
    const code = key === undefined ? 'AUTH.NOT_CONFIGURED' : token === null ? 'AUTH.MISSING_CREDENTIAL' : 'AUTH.INVALID_CREDENTIAL';
    const message = key === undefined ? 'The admin endpoints are closed: set ADMIN_API_KEY to open them' : 'The admin endpoints need Authorization: Bearer <ADMIN_API_KEY>';
    throw new HttpException({ status: HttpStatus.UNAUTHORIZED, code, message, errors: [] }, HttpStatus.UNAUTHORIZED);
  }
}

/** Compared as hashes in constant time, so neither the length nor the content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
