// Starts a NestJS service the same way everywhere: JSON logs, security headers, a request body
// limit, JSON bodies with a key given twice refused (duplicate-json-keys.ts), OpenAPI documentation at /docs, graceful shutdown on SIGTERM/SIGINT that ends within a
// bound (see bounded-shutdown.ts).
import { BadRequestException, HttpStatus, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { JsonLogger } from '../logging/json-logger';
import { installBoundedShutdown } from './bounded-shutdown';
import { duplicateKeyPath, findDuplicateKey } from './duplicate-json-keys';

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
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb', verify: refuseDuplicateKeys });
  installBoundedShutdown(app, { timeoutMs: options.shutdownTimeoutMs ?? 30_000 });
  app.set('trust proxy', false);
  documentApi(app, options);
  return app;
}

/**
 * Runs on the raw body before the JSON parser reads it. What it throws reaches the service's
 * exception filter as an HttpException, so the 400 says which key was given twice.
 */
function refuseDuplicateKeys(_request: unknown, _response: unknown, body: Buffer): void {
  const duplicate = findDuplicateKey(body.toString('utf8'));
  if (duplicate === null) return;
  const path = duplicateKeyPath(duplicate);
  const message = `The request body gives the key ${path} more than once; send each key once`;
  throw new BadRequestException({
    status: HttpStatus.BAD_REQUEST,
    code: 'HTTP.DUPLICATE_KEY',
    message,
    errors: [{ path, code: 'HTTP.DUPLICATE_KEY', message: 'is given more than once' }],
  });
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
