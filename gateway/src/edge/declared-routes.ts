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
import typeis from 'type-is';
import type { z } from 'zod';
import { ANONYMOUS, AppError, type CommandName, type Principal, type Route } from '@qingshui/contracts';
import { Public, Roles } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { correlationIdOf } from '../common/correlation';
import { openApiSchema } from '../common/openapi';
import { ApiErrors } from '../common/openapi-errors';
import { readRoute, takesList } from './request';
import { OutcomeUnknown } from '@qingshui/messaging';
import { fingerprintOf, Idempotency, idempotencyKeyOf, PendingOutcome, type Answer } from './idempotency';

/** Statuses every declared route may answer with, whatever it declares. */
const ALWAYS = [401, 415, 429, 503];
/** A write may also time out with its outcome unknown (504 OUTCOME_UNKNOWN). */
const ALWAYS_FOR_WRITES = [504];

/**
 * Runs a declared route: reads the request as declared, sends the command, answers its reply.
 * A state-changing request with an `Idempotency-Key` runs once; its retries get its answer.
 */
@Injectable()
export class RouteHandler {
  constructor(
    private readonly commands: Commands,
    private readonly idempotency: Idempotency,
  ) {}

  async handle(route: Route, req: Request & { principal?: Principal }, res: Response): Promise<void> {
    assertJsonBody(req);
    const key = route.method === 'GET' ? undefined : idempotencyKeyOf(req);
    const payload = route.payload(readRoute(route, req));
    // A public route is called by no one signed in (a scan-only device): the service checks the
    // caller from the payload. The guard skipped the token, so no principal was read.
    const principal = route.public ? { ...ANONYMOUS, roles: [] } : req.principal!;
    const correlationId = correlationIdOf(req);
    const answerOf = (reply: unknown): Answer => {
      const headers: Record<string, string> = {};
      if (route.etag) headers['ETag'] = `"${route.etag(reply)}"`;
      if (route.location) headers['Location'] = route.location(reply);
      return { status: route.status, headers, body: reply };
    };
    // A refusal (4xx) is the request's answer too, and is replayed like a success.
    const refusalOf = (error: unknown): Answer => {
      if (error instanceof AppError && error.status < 500)
        return { status: error.status, headers: {}, body: { ...error.toBody(), correlationId } };
      throw error;
    };
    const execute = async (): Promise<Answer> =>
      answerOf(
        await this.commands.request(
          route.command.name as CommandName,
          principal,
          payload as never,
          correlationId,
          route.method === 'GET' ? 'read' : 'write',
        ),
      );
    if (key === undefined) return send(res, await execute());
    const { answer, replayed } = await this.idempotency.once(principal.userId, key, fingerprintOf(req), () =>
      execute().catch((error: unknown) => {
        // Too late to tell: the key stays taken until the late reply (if any) says what happened.
        if (error instanceof OutcomeUnknown)
          throw new PendingOutcome(error, error.late.then(answerOf, refusalOf));
        return refusalOf(error);
      }),
    );
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    send(res, answer);
  }
}

function send(res: Response, answer: Answer): void {
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.status(answer.status).json(answer.body);
}

/** Declared routes read JSON: a body of any other type is a 415, not a 400 about missing fields. */
function assertJsonBody(req: Request): void {
  const length = req.headers['content-length'];
  const hasContent =
    req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
  if (!hasContent || typeis(req, ['application/json', '+json'])) return;
  const given = req.headers['content-type'] ?? 'none';
  throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json (got ${given})`);
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
    ...(route.public ? [Public()] : []),
    ApiTags(route.tag),
    ...(route.public ? [] : [ApiBearerAuth()]),
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
    ...(route.method === 'GET'
      ? []
      : [
          ApiHeader({
            name: 'Idempotency-Key',
            required: false,
            description:
              "Makes retries safe: the same key and request get the first answer again (with `Idempotent-Replayed: true`) for 24 hours; the same key with another request is a 422. After a 504 (outcome unknown) a retry with the same key waits for the first attempt's outcome and answers it",
          }),
        ]),
    ApiResponse({ status: route.status, schema: openApiSchema(route.command.reply, 'output') }),
    ApiErrors(
      ...route.errors,
      ...ALWAYS.filter((status) => !route.public || status !== 401),
      ...(route.method === 'GET' ? [] : [422, ...ALWAYS_FOR_WRITES]),
    ),
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
