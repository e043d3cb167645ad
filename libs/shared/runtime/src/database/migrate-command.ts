// The body of each service's `migrate` command: applies pending migrations of its schema and
// exits, for deployments that migrate before rolling out new instances (services also migrate
// at start, so running it is optional).
import { ConfigurationError } from '../config/load-config';
import { migrateServiceDatabase, type ServiceDataSourceOptions } from './service-data-source';

export function runMigrateCommand(service: string, options: () => ServiceDataSourceOptions): void {
  void (async () => {
    const resolved = options();
    const applied = await migrateServiceDatabase(resolved);
    process.stdout.write(
      applied.length === 0
        ? `${service}: schema ${resolved.schema} is up to date\n`
        : `${service}: applied ${applied.join(', ')} to schema ${resolved.schema}\n`,
    );
  })().catch((error: unknown) => {
    process.stderr.write(`${service}: ${error instanceof ConfigurationError ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
