import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { errorSchema } from './openapi';

const descriptions: Record<number, string> = {
  400: 'Invalid input: `fields` names each offending field (path, query, body or header)',
  401: 'No token, or a token that is expired, revoked or not ours (see WWW-Authenticate)',
  403: 'The caller’s role or ownership does not allow this',
  404: 'No such record (or none the caller may see)',
  409: 'Duplicate or stale version, or the record’s state does not allow it',
  415: 'The body is not JSON',
  422: 'The Idempotency-Key was used with another request',
  429: 'Too many requests; see Retry-After and RateLimit-*',
  503: 'A service did not answer in time (nothing was done); see Retry-After',
  504: 'A write whose service did not answer in time: it may or may not have been made; retry with the same Idempotency-Key',
};

/** Documents the platform's error body (always JSON) for each status a route may answer with. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...[...new Set(statuses)].sort().map((status) =>
      ApiResponse({
        status,
        description: descriptions[status] ?? 'Error',
        content: { 'application/json': { schema: errorSchema } },
      }),
    ),
  );
