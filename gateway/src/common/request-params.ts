import { AppError } from '@qingshui/contracts';

/** Record ids in paths: uuids and the demo seed's readable ids. */
export const RECORD_ID = /^[A-Za-z0-9-]{1,64}$/;

/** A path id, or a 400 naming the parameter. */
export function checkId(id: string, field = 'id'): string {
  if (!RECORD_ID.test(id)) throw AppError.validation([{ field, message: `Not a valid ${field}` }]);
  return id;
}

/** `If-Match: "3"` (or 3) → 3; anything else is a 400 naming the header. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw AppError.validation([{ field: 'If-Match', message: 'Use the ETag of the record, e.g. "3"' }]);
  }
  return Number(match[1]);
}
