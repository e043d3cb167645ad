// Prometheus metrics: one registry per process, exposed at GET /metrics.
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';

export const metricsRegistry = new Registry();
let defaultsCollected = false;

/**
 * How often the event loop's delay is sampled (prom-client's default is every 10 ms). Each sample
 * is a timer that wakes the process, so an idle service paid for a hundred wake-ups a second; ten
 * still give a p99 of the loop's delay over any load phase worth reading.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

export function enableDefaultMetrics(service: string): void {
  if (defaultsCollected) return;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  defaultsCollected = true;
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
