import type { InvestmentPart } from '../part';
import { NEED_MODEL, NeedSchema } from './need.schema';
import { NeedsMessages } from './needs.messages';
import { NeedsService } from './needs.service';
import { OUTBOX_MODELS } from './outbox-models';

/** Investment needs (see ../part.ts). */
export const needsPart: InvestmentPart = {
  models: [{ name: NEED_MODEL, schema: NeedSchema }],
  outboxModels: [...OUTBOX_MODELS],
  controllers: [NeedsMessages],
  providers: [NeedsService],
};
