import { z } from 'zod';
import { COUNTY_IDS, isRegionId } from '@qingshui/regions';

// Schema pieces every domain uses: text, lists, ids, query-string values, reasons.

export const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

export const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((items) => new Set(items).size === items.length, { message: 'Items must be unique' });

/** A record id inside a payload (uuids and the demo seed's readable ids). */
export const entityId = z.string().min(1).max(64);

/** Record ids in paths: uuids and the demo seed's readable ids. */
export const RECORD_ID = /^[A-Za-z0-9-]{1,64}$/;
/** A path parameter that is a record id; the message names the parameter. */
export const recordIdParam = (name = 'id') => z.string().regex(RECORD_ID, `Not a valid ${name}`);
/** The path parameters of `/<records>/:id`. */
export const idParams = z.strictObject({ id: recordIdParam() });

export const regionIdSchema = z
  .string()
  .refine(isRegionId, { message: 'Unknown region: use a Beijing district or county id from the pairings' });

export const countyIdSchema = z
  .string()
  .refine((id) => COUNTY_IDS.includes(id), { message: 'Unknown county: use a county id from the pairings' });

export const intFromQuery = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

// Accepts the query string's 'true'/'false' and, once parsed, the boolean itself: the gateway
// validates a request and the service validates it again with the same schema.
export const booleanFromQuery = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((value) => value === 'true'),
]);

/**
 * Record ids in a query string, comma-separated (`?userIds=a,b`), and, once parsed, the list
 * itself: the gateway validates a request and the service validates it again.
 */
export const idListFromQuery = (max: number) => {
  const list = z.array(entityId).min(1).max(max);
  return z.union([
    list,
    z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(list),
  ]);
};

export const reasonSchema = trimmed(2, 1000);
/** The body of every step that needs a reason (cancel, reject, call off). */
export const reasonBodySchema = z.strictObject({ reason: reasonSchema });

/** An ISO timestamp with an offset. */
export const isoDateTime = z.iso.datetime({ offset: true });

/** A page of a list. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
