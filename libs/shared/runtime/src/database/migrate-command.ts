// The body of each service's `migrate` command: as the schema owner (DATABASE_OWNER_URL), applies
// pending migrations of its schema, creates the service's login role (the user of DATABASE_URL)
// when missing and sets its grants, then exits. Deployments run it before the services, which
// then need only their own DATABASE_URL (a service given DATABASE_OWNER_URL migrates at start).
import { ConfigurationError } from '../config/load-config';
import { migrateServiceDatabase, type ServiceDataSourceOptions } from './service-data-source';
import { DatabaseSetupError, loginRoleOf } from './service-grants';

export function runMigrateCommand(service: string, options: () => ServiceDataSourceOptions): void {
  void (async () => {
    const resolved = options();
    const applied = await migrateServiceDatabase(resolved);
    const { role } = loginRoleOf(resolved.url);
    process.stdout.write(
      applied.length === 0
        ? `${service}: schema ${resolved.schema} is up to date; role ${role} holds its grants\n`
        : `${service}: applied ${applied.join(', ')} to schema ${resolved.schema}; role ${role} holds its grants\n`,
    );
  })().catch((error: unknown) => {
    process.stderr.write(`${service}: ${error instanceof ConfigurationError || error instanceof DatabaseSetupError ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
