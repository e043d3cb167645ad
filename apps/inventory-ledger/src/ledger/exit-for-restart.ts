// When kafkajs gives up on a consumer, staying up would leave a process that looks alive and
// applies nothing: a silent wedge. Exiting non-zero (through SIGTERM, so shutdown hooks run)
// lets the supervisor start a fresh instance that rejoins the group.
import type { JsonLogger } from '@ledgerline/runtime';

export function exitForRestart(logger: JsonLogger, consumerName: string): (error: Error) => void {
  return (error) => {
    logger.error(`${consumerName} consumer stopped for good; exiting so the supervisor restarts the service`, { error });
    process.exitCode = 1;
    process.kill(process.pid, 'SIGTERM');
  };
}
