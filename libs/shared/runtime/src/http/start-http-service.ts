// Starts a NestJS service the same way everywhere: JSON logs, security headers, a request body
// limit, OpenAPI documentation at /docs, graceful shutdown on SIGTERM/SIGINT that ends within a
// bound (see bounded-shutdown.ts).
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { JsonLogger } from '../logging/json-logger';
import { installBoundedShutdown } from './bounded-shutdown';

export interface HttpServiceOptions {
  title: string;
  description: string;
  version?: string;
  host: string;
  port: number;
  bodyLimit?: string;
  /** Adds an `ApiKey` security scheme to the OpenAPI document. */
  apiKeyAuth?: boolean;
  /** Adds a `bearer` security scheme (`Authorization: Bearer <token>`) to the OpenAPI document. */
  bearerAuth?: boolean;
  /** How long a graceful shutdown may take before the process exits anyway. Default 30 s. */
  shutdownTimeoutMs?: number;
}

export async function createHttpService(module: Type<unknown> | DynamicModule, options: HttpServiceOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new JsonLogger('Nest'),
    bodyParser: false,
  });
  app.use(helmet());
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb' });
  installBoundedShutdown(app, { timeoutMs: options.shutdownTimeoutMs ?? 30_000 });
  app.set('trust proxy', false);
  documentApi(app, options);
  return app;
}

export async function startHttpService(module: Type<unknown> | DynamicModule, options: HttpServiceOptions): Promise<NestExpressApplication> {
  const app = await createHttpService(module, options);
  await app.listen(options.port, options.host);
  return app;
}

function documentApi(app: INestApplication, options: HttpServiceOptions): void {
  let builder = new DocumentBuilder().setTitle(options.title).setDescription(options.description).setVersion(options.version ?? '1');
  if (options.apiKeyAuth) {
    builder = builder.addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'ApiKey');
  }
  if (options.bearerAuth) builder = builder.addBearerAuth();
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

export function listeningUrl(app: INestApplication): string {
  const address = app.getHttpServer().address();
  if (address && typeof address === 'object') {
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }
  return String(address);
}
