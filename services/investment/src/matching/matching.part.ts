import type { InvestmentPart } from '../part';

/** Matching needs and projects, explained, both ways (see ../part.ts). */
export const matchingPart: InvestmentPart = { models: [], outboxModels: [], controllers: [], providers: [] };
