import type { InvestmentPart } from '../part';

/** The county project library (see ../part.ts). */
export const projectsPart: InvestmentPart = { models: [], outboxModels: [], controllers: [], providers: [] };
