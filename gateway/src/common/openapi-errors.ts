import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { errorSchema } from './openapi';

const descriptions: Record<number, string> = {
  400: 'Invalid input: `fields` names each offending field',
  401: 'No token, or a token that is expired or not ours',
  403: 'The caller’s role or ownership does not allow this',
  404: 'No such record',
  409: 'Duplicate or stale version',
  429: 'Too many requests; see Retry-After',
  503: 'A service did not answer in time; see Retry-After',
};

/** Documents the platform's error body for each status a route may answer with. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: descriptions[status] ?? 'Error', schema: errorSchema }),
    ),
  );
