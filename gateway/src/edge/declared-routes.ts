import { Controller, Injectable, Req, RequestMapping, RequestMethod, Res, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { CommandName, Principal, Route } from '@qingshui/contracts';
import { Roles } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { correlationIdOf } from '../common/correlation';
import { openApiSchema } from '../common/openapi';
import { ApiErrors } from '../common/openapi-errors';
import { readRoute, takesList } from './request';

/** Statuses every declared route may answer with, whatever it declares. */
const ALWAYS = [401, 415, 429, 503];

/** Runs a declared route: reads the request as declared, sends the command, answers its reply. */
@Injectable()
export class RouteHandler {
  constructor(private readonly commands: Commands) {}

  async handle(route: Route, req: Request & { principal?: Principal }, res: Response): Promise<void> {
    const payload = route.payload(readRoute(route, req));
    const reply = await this.commands.request(
      route.command.name as CommandName,
      req.principal!,
      payload as never,
      correlationIdOf(req),
    );
    if (route.etag) res.setHeader('ETag', `"${route.etag(reply)}"`);
    if (route.location) res.setHeader('Location', route.location(reply));
    res.status(route.status).json(reply);
  }
}

/** Literal segments before parameters, so `/experts/search` is tried before `/experts/:id`. */
export function bySpecificity(a: Route, b: Route): number {
  const sa = a.path.split('/');
  const sb = b.path.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i += 1) {
    const pa = sa[i]!.startsWith(':');
    const pb = sb[i]!.startsWith(':');
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

/** `GET /slots/:id` → `getSlotsById`: stable and unique per method and path. */
export function operationIdOf(route: Route): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? `by-${s.slice(1)}` : s))
    .flatMap((s) => s.split(/[-.]/));
  return [route.method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

const isOptional = (schema: z.ZodType) => schema.safeParse(undefined).success;

/** The Nest and OpenAPI decorators of one declared route. */
function decoratorsOf(route: Route): MethodDecorator[] {
  const params = Object.entries(route.params.shape as Record<string, z.ZodType>);
  const query = Object.entries((route.query?.shape ?? {}) as Record<string, z.ZodType>);
  return [
    RequestMapping({ path: route.path, method: RequestMethod[route.method] }),
    ...(route.roles.length > 0 ? [Roles(...route.roles)] : []),
    ApiTags(route.tag),
    ApiBearerAuth(),
    ApiOperation({
      summary: route.summary,
      operationId: operationIdOf(route),
      ...(route.roles.length > 0 ? { description: `Roles: ${route.roles.join(', ')}.` } : {}),
    }),
    ...params.map(([name, schema]) => ApiParam({ name, required: true, schema: openApiSchema(schema) })),
    ...query.map(([name, schema]) =>
      ApiQuery({
        name,
        required: !isOptional(schema),
        schema: openApiSchema(schema),
        ...(takesList(schema) ? { style: 'form' as const, explode: true } : {}),
      }),
    ),
    ...(route.body ? [ApiBody({ schema: openApiSchema(route.body) })] : []),
    ...(route.ifMatch
      ? [ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read, e.g. "3"' })]
      : []),
    ApiResponse({ status: route.status, schema: openApiSchema(route.command.reply, 'output') }),
    ApiErrors(...route.errors, ...ALWAYS),
  ];
}

/**
 * One Nest controller for every declared route: each becomes a method with its path, method,
 * roles and OpenAPI description, so guards, filters, middleware and metrics treat it like any
 * hand-written route.
 */
export function declaredRoutesController(routes: readonly Route[]): Type<unknown> {
  class DeclaredRoutes {
    constructor(readonly handler: RouteHandler) {}
  }
  const seen = new Set<string>();
  for (const route of [...routes].sort(bySpecificity)) {
    const key = operationIdOf(route);
    if (seen.has(key)) throw new Error(`Two routes are ${route.method} ${route.path}`);
    seen.add(key);
    Object.defineProperty(DeclaredRoutes.prototype, key, {
      value: function (this: DeclaredRoutes, req: Request, res: Response) {
        return this.handler.handle(route, req, res);
      },
      writable: true,
      configurable: true,
    });
    const descriptor = Object.getOwnPropertyDescriptor(DeclaredRoutes.prototype, key)!;
    for (const decorate of decoratorsOf(route)) decorate(DeclaredRoutes.prototype, key, descriptor);
    Req()(DeclaredRoutes.prototype, key, 0);
    Res()(DeclaredRoutes.prototype, key, 1);
  }
  Reflect.defineMetadata('design:paramtypes', [RouteHandler], DeclaredRoutes);
  Controller()(DeclaredRoutes);
  return DeclaredRoutes;
}
