// Grants the platform's ACLs (platform-acls.ts) through a kafkajs admin client connected as a
// super user. Creating an ACL that exists changes nothing, so applying twice is harmless.
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry, type Admin } from 'kafkajs';
import type { AclGrant } from './platform-acls';

const OPERATION: Record<AclGrant['operation'], AclOperationTypes> = {
  READ: AclOperationTypes.READ,
  WRITE: AclOperationTypes.WRITE,
  CREATE: AclOperationTypes.CREATE,
  DESCRIBE: AclOperationTypes.DESCRIBE,
  DESCRIBE_CONFIGS: AclOperationTypes.DESCRIBE_CONFIGS,
  ALTER_CONFIGS: AclOperationTypes.ALTER_CONFIGS,
};

export function aclEntryOf(grant: AclGrant): AclEntry {
  return {
    resourceType: grant.resource === 'TOPIC' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
    resourceName: grant.name,
    resourcePatternType: grant.pattern === 'LITERAL' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
    principal: `User:${grant.principal}`,
    host: '*',
    operation: OPERATION[grant.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

export async function grantAcls(admin: Admin, grants: readonly AclGrant[]): Promise<void> {
  if (grants.length > 0) await admin.createAcls({ acl: grants.map(aclEntryOf) });
}

/** One line per grant, as `kafka-acls --list` would name it. */
export function describeGrant(grant: AclGrant): string {
  return `User:${grant.principal} ${grant.operation} ${grant.resource}:${grant.pattern}:${grant.name}`;
}
