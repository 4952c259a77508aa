import type { ExchangePart } from '../part';
import { CADRE_MODEL, CadreSchema } from './cadre.schema';
import { NOMINATION_MODEL, NominationSchema } from './nomination.schema';
import { CadresMessages } from './cadres.messages';
import { CadresService } from './cadres.service';

/** Cadre profiles and nominations (see ../part.ts); issue #12, item 2. */
export const cadresPart: ExchangePart = {
  models: [
    { name: CADRE_MODEL, schema: CadreSchema },
    { name: NOMINATION_MODEL, schema: NominationSchema },
  ],
  controllers: [CadresMessages],
  providers: [CadresService],
};
