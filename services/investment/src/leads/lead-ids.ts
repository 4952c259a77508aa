import { createHash } from 'node:crypto';

/** A deterministic lead id for an origin key (a replayed event finds the same lead). */
export const leadIdOfOrigin = (originKey: string): string =>
  `lo-${createHash('sha256').update(originKey).digest('hex').slice(0, 32)}`;
