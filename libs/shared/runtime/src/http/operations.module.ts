// Health and metrics endpoints every service exposes.
import { Global, Module } from '@nestjs/common';
import { HealthController, ReadinessRegistry } from '../health/readiness';
import { MetricsController } from '../metrics/metrics';

@Global()
@Module({
  controllers: [HealthController, MetricsController],
  providers: [ReadinessRegistry],
  exports: [ReadinessRegistry],
})
export class OperationsModule {}
