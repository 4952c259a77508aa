import { createHash } from 'node:crypto';

/**
 * The id of a registration's ticket for one place: the same registration, attempt and place give
 * the same id, so issuing again after a retry or a crash writes nothing twice. Short (a token's
 * `tid` holds at most 64 characters) and made of what BullMQ ids and paths accept.
 */
export function ticketIdOf(registrationId: string, attempt: number, place: number): string {
  const digest = createHash('sha256').update(`${registrationId}#${attempt}#${place}`).digest('base64url');
  return `t${digest.slice(0, 22)}`;
}

export const ticketIdsOf = (registrationId: string, attempt: number, size: number): string[] =>
  Array.from({ length: size }, (_, place) => ticketIdOf(registrationId, attempt, place));
