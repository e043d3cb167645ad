// GET /v1/drift: the drift audit's findings and progress, read from its state (never a scan of
// the movements on request). Thin: parse, delegate, map not-found.
import { BadRequestException, Controller, Get, NotFoundException, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope, SCOPES } from '@ledgerline/auth';
import { DriftAuditService } from './drift-audit.service';
import { driftReportSchema } from './drift-report.openapi';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1_000;

@ApiTags('drift')
@ApiBearerAuth()
@RequireScope(SCOPES.stockRead)
@Controller('v1')
export class DriftController {
  constructor(private readonly audit: DriftAuditService) {}

  @Get('drift')
  @ApiOperation({
    summary: 'Balances that disagree with the sums of their movements, as the continuous audit last found them, and how far it has got',
    description:
      'Answered from the audit\'s state in milliseconds. The audit walks every balance in key order and checks on hand, in transit, on order, inventory value and in-transit value against the sums of its movements; recently written balances are checked first.',
  })
  @ApiQuery({ name: 'sku', required: false, description: 'With locationId: also say when this key was last verified' })
  @ApiQuery({ name: 'locationId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: `Mismatches listed, at most ${MAX_LIMIT} (default ${DEFAULT_LIMIT})` })
  @ApiResponse({ status: 200, schema: driftReportSchema })
  @ApiResponse({ status: 404, description: 'LEDGER.NO_STOCK_RECORD: the ledger holds no balance for the key asked about' })
  async drift(@Query('sku') sku?: string, @Query('locationId') locationId?: string, @Query('limit') limit?: string) {
    if ((sku === undefined) !== (locationId === undefined)) {
      throw new BadRequestException({ code: 'LEDGER.INVALID_QUERY', message: 'sku and locationId go together', errors: [{ path: sku === undefined ? 'sku' : 'locationId', message: 'required with the other' }] });
    }
    const key = sku !== undefined && locationId !== undefined ? { sku, locationId } : undefined;
    const report = await this.audit.report(parseLimit(limit), key);
    if (report === undefined) throw new NotFoundException({ code: 'LEDGER.NO_STOCK_RECORD', message: `No balance recorded for ${sku} at ${locationId}` });
    return report;
  }
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new BadRequestException({ code: 'LEDGER.INVALID_QUERY', message: `limit must be an integer from 1 to ${MAX_LIMIT}`, errors: [{ path: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` }] });
  }
  return limit;
}
