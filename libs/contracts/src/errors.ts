import { z } from 'zod';

/** Machine-readable error codes shared by services and the gateway. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'DUPLICATE',
  'STALE_VERSION',
  /** Stations: the booking window is not open; the slot is full; a cap is reached; overlap; eligibility. */
  'WINDOW_CLOSED',
  'SLOT_FULL',
  'CAP_REACHED',
  'OVERLAPPING_BOOKING',
  'NOT_ELIGIBLE',
  /** Exchange: the year's secondment quota (or a pair's share of it) is used up. */
  'QUOTA_FULL',
  'RATE_LIMITED',
  /** The path exists, the method does not (405, with `Allow`). */
  'METHOD_NOT_ALLOWED',
  /** The body is not JSON (415). */
  'UNSUPPORTED_MEDIA_TYPE',
  /** An Idempotency-Key reused with another request (422). */
  'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this Idempotency-Key is still running (409). */
  'IDEMPOTENCY_KEY_IN_USE',
  'DEPENDENCY_UNAVAILABLE',
  /** A write whose service did not answer in time: it may have been carried out (504). */
  'OUTCOME_UNKNOWN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const appErrorSchema = z.object({
  status: z.number().int(),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  fields: z.array(fieldErrorSchema).optional(),
});
export type AppErrorBody = z.infer<typeof appErrorSchema>;

/** A failure meant for the caller: it crosses Kafka as a reply and becomes the HTTP response. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): AppErrorBody {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }

  static validation(fields: FieldError[], message = 'The request is not valid'): AppError {
    return new AppError(400, 'VALIDATION_FAILED', message, fields);
  }
  static forbidden(message: string): AppError {
    return new AppError(403, 'FORBIDDEN', message);
  }
  static notFound(message: string): AppError {
    return new AppError(404, 'NOT_FOUND', message);
  }
  static duplicate(message: string): AppError {
    return new AppError(409, 'DUPLICATE', message);
  }
  static stale(message: string): AppError {
    return new AppError(409, 'STALE_VERSION', message);
  }
}

/** Where the fields come from, for the names of errors that belong to no single field. */
export interface FieldSource {
  /** The name of the whole value: `(body)`, `(query)`, `(path)`. */
  root: string;
  /** The message for a key the schema does not know. */
  unknownKey: string;
}
export const BODY: FieldSource = { root: '(body)', unknownKey: 'Unknown field' };
export const QUERY: FieldSource = { root: '(query)', unknownKey: 'Unknown query parameter' };
export const PATH: FieldSource = { root: '(path)', unknownKey: 'Unknown path parameter' };

/**
 * Turns zod issues into `{ field, message }` pairs with dotted paths (`skills.2`). A key the
 * schema does not know is reported at its own path (`isAdmin`, `terms.extra`), one entry each.
 */
export function fieldErrorsOf(error: z.ZodError, source: FieldSource = BODY): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: source.unknownKey }));
    return [{ field: path.join('.') || source.root, message: issue.message }];
  });
}

/** Parses or throws a 400 AppError naming every offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, source = BODY): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw AppError.validation(fieldErrorsOf(result.error, source));
  return result.data;
}
