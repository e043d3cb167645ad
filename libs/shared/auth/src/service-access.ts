// What a service adds to its root module so that its HTTP API is authenticated the same way as
// every other: the credential store on its own schema, the global access guard and the admin API
// of its credentials. The service's DataSource must be a provider of the same module.
import type { Provider, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AccessGuard, SERVICE_ACCESS_OPTIONS, type ServiceAccessOptions } from './access.guard';
import { CredentialsAdminController } from './credentials-admin.controller';
import type { Scope } from './scopes';
import { ServiceCredentialStore } from './service-credential-store';

export interface ServiceAccessSettings extends ServiceAccessOptions {
  schema: string;
  /** The scopes this service's routes check (and so the only ones worth issuing). */
  scopes: readonly Scope[];
}

export function serviceAccessProviders(settings: ServiceAccessSettings): Provider[] {
  return [
    { provide: SERVICE_ACCESS_OPTIONS, useValue: { adminApiKey: settings.adminApiKey, rateLimits: settings.rateLimits } satisfies ServiceAccessOptions },
    {
      provide: ServiceCredentialStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ServiceCredentialStore(dataSource, settings.schema, settings.scopes),
    },
    AccessGuard,
    { provide: APP_GUARD, useExisting: AccessGuard },
  ];
}

export const serviceAccessControllers: Type<unknown>[] = [CredentialsAdminController];
