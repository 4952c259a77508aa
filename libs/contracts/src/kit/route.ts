import { z } from 'zod';
import type { Principal, Role } from '../principal';
import type { AnyCommand } from './contract';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Error statuses a route documents (401, 429 and 503 apply to every route and are always added). */
export type ErrorStatus = 400 | 403 | 404 | 409 | 422;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a route without path params or query
type NoFields = z.ZodObject<{}>;

/** What the gateway hands a route's payload mapping, each part parsed with the route's schemas. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The version in `If-Match` (`"3"`), when the route reads it and the caller sent it. */
  ifMatch: number | undefined;
}

/**
 * The public HTTP side of a command: method and path under /api/v1, who may call it, how the
 * path, query, body and If-Match become the command's payload, and what the response carries.
 */
export interface RouteSpec<
  C extends AnyCommand,
  P extends z.ZodObject,
  Q extends z.ZodObject,
  B extends z.ZodType,
> {
  method: HttpMethod;
  /** Express-style, under /api/v1: `/experts/:id`. */
  path: string;
  summary: string;
  /** The OpenAPI tag (the section in the docs). */
  tag: string;
  /** The caller needs one of these realm roles (none: any signed-in user). */
  roles?: readonly Role[];
  /**
   * No sign-in: the gateway lets anyone call it (rate limits still apply) and sends the command
   * as the anonymous principal (`ANONYMOUS`); the service authenticates the caller from the
   * payload (a scan-only device's code, say). Never with `roles`.
   */
  public?: true;
  /** 200 unless given. */
  status?: 200 | 201;
  params?: P;
  query?: Q;
  body?: B;
  /** Reads `If-Match` as the version the caller expects (optimistic concurrency). */
  ifMatch?: boolean;
  payload: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => z.input<C['request']>;
  /** The reply's version, sent as `ETag: "<n>"`. */
  etag?: (reply: z.output<C['reply']>) => number;
  /** Where the created record lives, sent as `Location`. */
  location?: (reply: z.output<C['reply']>) => string;
  errors: readonly ErrorStatus[];
}

export interface Route<C extends AnyCommand = AnyCommand> {
  readonly command: C;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly roles: readonly Role[];
  readonly public: boolean;
  readonly status: 200 | 201;
  readonly params: z.ZodObject;
  readonly query: z.ZodObject | undefined;
  readonly body: z.ZodType | undefined;
  readonly ifMatch: boolean;
  readonly payload: (input: RouteInput<unknown, unknown, unknown>) => unknown;
  readonly etag: ((reply: unknown) => number) | undefined;
  readonly location: ((reply: unknown) => string) | undefined;
  readonly errors: readonly ErrorStatus[];
}

/** Who calls a public route: nobody signed in (see `RouteSpec.public`). */
export const ANONYMOUS: Readonly<Principal> = { userId: 'anonymous', username: 'anonymous', roles: [] };

const PATH = /^(\/([a-z0-9.-]+|:[A-Za-z]+))+$/;

/** Declares the HTTP route of a command; the payload mapping is checked against the command's request type. */
export function route<
  C extends AnyCommand,
  P extends z.ZodObject = NoFields,
  Q extends z.ZodObject = NoFields,
  B extends z.ZodType = z.ZodUndefined,
>(command: C, spec: RouteSpec<C, P, Q, B>): Route<C> {
  if (!PATH.test(spec.path)) throw new Error(`Route path ${spec.path} of ${command.name} is not /a/:b style`);
  const declared = new Set(Object.keys(spec.params?.shape ?? {}));
  const inPath = new Set([...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!));
  if ([...inPath].some((p) => !declared.has(p)) || [...declared].some((p) => !inPath.has(p)))
    throw new Error(`Route ${spec.method} ${spec.path}: params schema and path disagree`);
  if (spec.public && spec.roles?.length)
    throw new Error(`Route ${spec.method} ${spec.path} is public: it cannot ask for roles`);
  return {
    command,
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tag: spec.tag,
    roles: spec.roles ?? [],
    public: spec.public ?? false,
    status: spec.status ?? 200,
    params: spec.params ?? z.object({}),
    query: spec.query,
    body: spec.body,
    ifMatch: spec.ifMatch ?? false,
    payload: spec.payload as Route['payload'],
    etag: spec.etag as Route['etag'],
    location: spec.location as Route['location'],
    errors: spec.errors,
  };
}
