import type { Request } from 'express';
import { z } from 'zod';
import {
  AppError,
  BODY,
  fieldErrorsOf,
  PATH,
  QUERY,
  type FieldError,
  type Route,
  type RouteInput,
} from '@qingshui/contracts';

/** Wrappers that do not change what a schema accepts as a list. */
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch']);

/** Does this query parameter's schema take a list (`?status=a&status=b` or `?status=a,b`)? */
export function takesList(schema: z.ZodType): boolean {
  let current = schema as z.core.$ZodType;
  for (;;) {
    const def = current._zod.def as z.core.$ZodTypeDef & {
      innerType?: z.core.$ZodType;
      in?: z.core.$ZodType;
    };
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return def.type === 'array';
  }
}

/**
 * The query string as the route's schema reads it: a list parameter may be repeated or
 * comma-separated; any other parameter given twice is refused, naming it.
 */
export function normaliseQuery(
  query: Record<string, unknown>,
  schema: z.ZodObject,
): { values: Record<string, unknown>; errors: FieldError[] } {
  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const shape = schema.shape as Record<string, z.ZodType>;
  for (const [key, raw] of Object.entries(query)) {
    const field = shape[key];
    const given = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    if (field && takesList(field)) values[key] = given.flatMap((v) => v.split(','));
    else if (given.length > 1) errors.push({ field: key, message: 'Give this parameter once' });
    else values[key] = given[0];
  }
  return { values, errors };
}

/** `If-Match: "3"` (or 3, W/"3") → 3; anything else is a 400 naming the header. */
export function versionFromIfMatch(header: string | undefined): number | FieldError | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) return { field: 'If-Match', message: 'Use the ETag of the record, e.g. "3"' };
  return Number(match[1]);
}

const ZOD_ZH_CN = z.locales.zhCN().localeError;
type LocaleError = typeof ZOD_ZH_CN;
type Issue = Parameters<LocaleError>[0];

/** How long a text or a list must or may be, as a person says it (zod's own zh-CN says `期望 string >=2 字符`). */
const SIZE_UNITS: Record<string, string> = { string: '个字符', array: '项' };
const ZH_CN: LocaleError = (issue: Issue) => {
  const unit = SIZE_UNITS[String(issue.origin)];
  if (unit && issue.code === 'too_small') return `至少 ${String(issue.minimum)} ${unit}`;
  if (unit && issue.code === 'too_big') return `最多 ${String(issue.maximum)} ${unit}`;
  if (issue.origin === 'number' && issue.code === 'too_small')
    return `不能小于 ${String(issue.minimum)}${issue.inclusive === false ? '（不含）' : ''}`;
  if (issue.origin === 'number' && issue.code === 'too_big')
    return `不能大于 ${String(issue.maximum)}${issue.inclusive === false ? '（不含）' : ''}`;
  return ZOD_ZH_CN(issue);
};

/**
 * The language of validation messages: Chinese for a caller that prefers it (Accept-Language),
 * English otherwise. Messages a schema words itself stay as written.
 */
export function validationLocaleOf(req: Pick<Request, 'acceptsLanguages'>): typeof ZH_CN | undefined {
  const best = req.acceptsLanguages('en', 'zh-CN', 'zh');
  return best === 'zh-CN' || best === 'zh' ? ZH_CN : undefined;
}

/**
 * Reads a request the way its route declares: path parameters, query, body and If-Match, each
 * with its schema. Every problem is collected, so one 400 names every offending field.
 */
export function readRoute(route: Route, req: Request): RouteInput<unknown, unknown, unknown> {
  const errors: FieldError[] = [];
  const localeError = validationLocaleOf(req);
  const part = <T>(schema: z.ZodType<T>, value: unknown, source: typeof BODY): T | undefined => {
    const result = schema.safeParse(value, localeError ? { error: localeError } : undefined);
    if (result.success) return result.data;
    errors.push(...fieldErrorsOf(result.error, source));
    return undefined;
  };
  const params = part(route.params, req.params, PATH);
  let query: unknown = {};
  if (route.query) {
    const normalised = normaliseQuery(req.query as Record<string, unknown>, route.query);
    errors.push(...normalised.errors);
    query = part(route.query, normalised.values, QUERY);
  }
  // No body is an empty object: the schema then names each missing field.
  const body = route.body ? part(route.body, req.body ?? {}, BODY) : undefined;
  let ifMatch: number | undefined;
  if (route.ifMatch) {
    const version = versionFromIfMatch(req.get('if-match'));
    if (typeof version === 'object') errors.push(version);
    else ifMatch = version;
  }
  if (errors.length > 0) throw AppError.validation(errors);
  return { params, query, body, ifMatch };
}
