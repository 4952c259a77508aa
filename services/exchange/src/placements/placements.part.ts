import type { ExchangePart } from '../part';
import { QUOTA_MODEL, QuotaSchema } from './quota.schema';
import { PlacementsMessages } from './placements.messages';
import { PlacementsService } from './placements.service';

/** Two-sided approval and yearly quotas (see ../part.ts); issue #12, items 3 and 4. */
export const placementsPart: ExchangePart = {
  models: [{ name: QUOTA_MODEL, schema: QuotaSchema }],
  controllers: [PlacementsMessages],
  providers: [PlacementsService],
};
