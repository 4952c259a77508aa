import type { InvestmentPart } from '../part';
import {
  ENTERPRISE_KEY_MODEL,
  ENTERPRISE_MODEL,
  EnterpriseKeySchema,
  EnterpriseSchema,
  LINEAGE_LOOKUP_MODEL,
  LineageLookupSchema,
} from './enterprise.schema';
import { EnterpriseIndexService } from './enterprise-index.service';
import { EnterprisesMessages } from './enterprises.messages';
import { EnterprisesService } from './enterprises.service';
import { LineageConsumer } from './lineage.consumer';
import { OUTBOX_MODELS } from './outbox-models';

/** Enterprises, duplicates and merges, and lineage from fairs and challenges (see ../part.ts). */
export const enterprisesPart: InvestmentPart = {
  models: [
    { name: ENTERPRISE_MODEL, schema: EnterpriseSchema },
    { name: ENTERPRISE_KEY_MODEL, schema: EnterpriseKeySchema },
    { name: LINEAGE_LOOKUP_MODEL, schema: LineageLookupSchema },
  ],
  outboxModels: [...OUTBOX_MODELS],
  controllers: [EnterprisesMessages],
  providers: [EnterpriseIndexService, EnterprisesService, LineageConsumer],
};
