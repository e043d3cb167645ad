// The PostgreSQL pool's connections on /metrics, so an operator (and the broker-stall drill) can
// see that requests waiting for Kafka hold no connection: `waiting` counts requests queued for
// one, which stays near zero unless the database itself is slow.
import type { DataSource } from 'typeorm';
import { metricsRegistry } from '@ledgerline/runtime';
import { Gauge } from 'prom-client';

interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

let watchedPool: PoolCounts | undefined;

new Gauge({
  name: 'pos_database_pool_connections',
  help: 'Connections of the PostgreSQL pool: total open, idle, and requests waiting for one',
  labelNames: ['state'],
  registers: [metricsRegistry],
  collect() {
    if (watchedPool === undefined) return;
    this.set({ state: 'total' }, watchedPool.totalCount);
    this.set({ state: 'idle' }, watchedPool.idleCount);
    this.set({ state: 'waiting' }, watchedPool.waitingCount);
  },
});

/** Reports `dataSource`'s pool from now on (the service has one). */
export function watchDatabasePool(dataSource: DataSource): void {
  // TypeORM's PostgreSQL driver keeps its pg Pool as `master`, typed `any`.
  const pool = (dataSource.driver as unknown as { master?: PoolCounts }).master;
  if (pool !== undefined) watchedPool = pool;
}
