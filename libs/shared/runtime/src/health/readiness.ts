// Liveness says the process runs; readiness says it can do its job right now (broker and
// database reachable, consumers running). Components register their own checks.
import { Controller, Get, HttpCode, HttpStatus, Injectable, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

export interface ReadinessResult {
  ready: boolean;
  detail?: string;
}

export type ReadinessCheck = () => Promise<ReadinessResult> | ReadinessResult;

@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async evaluate(timeoutMs = 3_000): Promise<{ ready: boolean; checks: Record<string, ReadinessResult> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runWithTimeout(check, timeoutMs)] as const),
    );
    const checks = Object.fromEntries(entries);
    return { ready: entries.every(([, result]) => result.ready), checks };
  }
}

async function runWithTimeout(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(check),
      new Promise<ReadinessResult>((resolve) => {
        timer = setTimeout(() => resolve({ ready: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
      }),
    ]);
  } catch (error) {
    return { ready: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: ReadinessRegistry) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Liveness: the process is running' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Kafka, PostgreSQL and consumers are working (503 when not)' })
  async ready(@Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<{ status: string; checks: Record<string, ReadinessResult> }> {
    const { ready, checks } = await this.registry.evaluate();
    response.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not-ready', checks };
  }
}
