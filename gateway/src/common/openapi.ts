import { z } from 'zod';
import type { ApiParamOptions } from '@nestjs/swagger';

/** The OpenAPI schema object type, as @nestjs/swagger's decorators accept it. */
export type SchemaObject = Extract<ApiParamOptions, { schema: unknown }>['schema'];

/** OpenAPI schema straight from a contract's zod schema: one source of truth for docs and checks. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete json['$schema'];
  return json as SchemaObject;
}

export const errorSchema: SchemaObject = {
  type: 'object',
  required: ['status', 'code', 'message'],
  properties: {
    status: { type: 'integer', example: 400 },
    code: { type: 'string', example: 'VALIDATION_FAILED' },
    message: { type: 'string' },
    fields: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
    correlationId: { type: 'string' },
  },
};
