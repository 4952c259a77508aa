import { z } from 'zod';
import { entityId, isoDateTime, regionIdSchema, trimmed } from '../common';

// The vocabulary every part of the exchange domain shares (postings, cadres and nominations,
// placements and quotas, tracking, the inbox): directions and kinds of postings, cadre levels,
// units, and the placement snapshot the placements part publishes and the others consume.

/** Beijing to a county (京→县), or a county to Beijing (县→京). */
export const EXCHANGE_DIRECTIONS = ['to-county', 'to-beijing'] as const;
export const exchangeDirectionSchema = z.enum(EXCHANGE_DIRECTIONS);
export type ExchangeDirection = z.infer<typeof exchangeDirectionSchema>;
export const EXCHANGE_DIRECTION_NAMES: Record<ExchangeDirection, string> = {
  'to-county': '北京赴库区',
  'to-beijing': '库区来京',
};

/** A long-term secondment (挂职, 1-2 years, counted against the yearly quota) or a short exchange (短期交流, weeks, counted apart). */
export const EXCHANGE_KINDS = ['secondment', 'short'] as const;
export const exchangeKindSchema = z.enum(EXCHANGE_KINDS);
export type ExchangeKind = z.infer<typeof exchangeKindSchema>;
export const EXCHANGE_KIND_NAMES: Record<ExchangeKind, string> = {
  secondment: '挂职',
  short: '短期交流',
};

/** Cadre levels (职级) as postings ask for them and profiles state them. */
export const CADRE_LEVELS = ['division', 'deputy-division', 'section', 'deputy-section', 'staff'] as const;
export const cadreLevelSchema = z.enum(CADRE_LEVELS);
export type CadreLevel = z.infer<typeof cadreLevelSchema>;
export const CADRE_LEVEL_NAMES: Record<CadreLevel, string> = {
  division: '处级',
  'deputy-division': '副处级',
  section: '科级',
  'deputy-section': '副科级',
  staff: '科员',
};

/**
 * A unit: a county's or district's government or a department of it. `id` is the organisation id
 * the unit's cadres carry in their tokens (e.g. `gov-xichuan`, `gov-chaoyang-fgw`).
 */
export const unitSchema = z.strictObject({
  id: entityId,
  name: trimmed(2, 100),
  region: regionIdSchema,
});
export type Unit = z.infer<typeof unitSchema>;

/** A calendar day (YYYY-MM-DD, the counties' calendar). */
export const exchangeDateSchema = z.iso.date();

/**
 * A confirmed placement as the placements part publishes it (`exchange.placement.confirmed.v1`
 * and later changes): what tracking, the rotation plan and the inbox need, without the cadre's
 * profile. The other parts keep their own documents from it.
 */
export const placementSnapshotSchema = z.object({
  id: z.string(),
  postingId: z.string(),
  postingTitle: z.string(),
  pairId: z.string(),
  direction: exchangeDirectionSchema,
  kind: exchangeKindSchema,
  /** The quota year (the start date's year). */
  year: z.number().int(),
  receivingUnit: unitSchema,
  sendingUnit: unitSchema,
  cadre: z.object({
    profileId: z.string(),
    /** The cadre's own account, when they have one. */
    userId: z.string().optional(),
    name: z.string(),
  }),
  startDate: exchangeDateSchema,
  endDate: exchangeDateSchema,
  confirmedAt: isoDateTime,
  version: z.number().int(),
});
export type PlacementSnapshot = z.infer<typeof placementSnapshotSchema>;
