import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's `x-correlation-id` when it is safe to log, else a fresh one; echoed on the response. */
export function correlationIdOf(request: IncomingMessage, response?: ServerResponse): string {
  const existing = (request as IncomingMessage & { correlationId?: string }).correlationId;
  if (existing) return existing;
  const header = request.headers['x-correlation-id'];
  const given = Array.isArray(header) ? header[0] : header;
  const id = given && SAFE_ID.test(given) ? given : randomUUID();
  (request as IncomingMessage & { correlationId?: string }).correlationId = id;
  response?.setHeader('x-correlation-id', id);
  return id;
}
