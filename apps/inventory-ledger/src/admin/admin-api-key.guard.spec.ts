import type { ExecutionContext } from '@nestjs/common';
import { ledgerConfigSchema } from '../config/ledger.config';
import { AdminApiKeyGuard } from './admin-api-key.guard';

const KEY = 'ledger-admin-key-0123456789abcdef';

function requestWith(authorization?: string): ExecutionContext {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

function refusal(guard: AdminApiKeyGuard, context: ExecutionContext): unknown {
  try {
    guard.canActivate(context);
    return 'let through';
  } catch (error) {
    return (error as { getStatus(): number; getResponse(): unknown }).getResponse();
  }
}

describe('the ledger AdminApiKeyGuard', () => {
  const open = new AdminApiKeyGuard(ledgerConfigSchema.parse({ ADMIN_API_KEY: KEY }));
  const closed = new AdminApiKeyGuard(ledgerConfigSchema.parse({}));

  it('lets the admin key through and refuses anything else with the reason', () => {
    expect(open.canActivate(requestWith(`Bearer ${KEY}`))).toBe(true);
    expect(refusal(open, requestWith())).toMatchObject({ status: 401, code: 'AUTH.MISSING_CREDENTIAL' });
    expect(refusal(open, requestWith(`Bearer ${KEY}x`))).toMatchObject({ status: 401, code: 'AUTH.INVALID_CREDENTIAL' });
    expect(refusal(open, requestWith(KEY))).toMatchObject({ status: 401, code: 'AUTH.MISSING_CREDENTIAL' });
  });

  it('stays closed while no admin key is configured, whatever is sent', () => {
    expect(refusal(closed, requestWith(`Bearer ${KEY}`))).toMatchObject({ status: 401, code: 'AUTH.NOT_CONFIGURED' });
    expect(refusal(closed, requestWith())).toMatchObject({ status: 401, code: 'AUTH.NOT_CONFIGURED' });
  });

  it('refuses to start with an admin key too short to be a secret', () => {
    expect(() => ledgerConfigSchema.parse({ ADMIN_API_KEY: 'short' })).toThrow(/at least 24 characters/);
  });
});
