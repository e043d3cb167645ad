// Every route an application answers, read back from the HTTP router it registered them on, so a
// check of every route (the authorisation suites) also covers the routes nobody remembered.
import type { INestApplication } from '@nestjs/common';

export interface HttpRoute {
  method: string;
  path: string;
}

interface RouterLayer {
  route?: { path?: unknown; methods?: Record<string, boolean> };
}

export function httpRoutesOf(app: INestApplication): HttpRoute[] {
  const instance = app.getHttpAdapter().getInstance() as { router?: { stack?: RouterLayer[] } };
  const stack = instance.router?.stack;
  if (!Array.isArray(stack)) throw new Error('the HTTP adapter exposes no router stack to read the routes from');
  const routes: HttpRoute[] = [];
  for (const layer of stack) {
    const path = layer.route?.path;
    if (typeof path !== 'string') continue;
    for (const [method, enabled] of Object.entries(layer.route?.methods ?? {})) {
      if (enabled && method !== '_all') routes.push({ method: method.toUpperCase(), path });
    }
  }
  return routes;
}
