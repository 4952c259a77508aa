import { outboxRelayService } from '@qingshui/messaging';
import { EXCHANGE_CONFIG } from './tokens';
import { OUTBOX_MODELS as POSTINGS } from './postings/outbox-models';
import { OUTBOX_MODELS as CADRES } from './cadres/outbox-models';
import { OUTBOX_MODELS as PLACEMENTS } from './placements/outbox-models';
import { OUTBOX_MODELS as TRACKING } from './tracking/outbox-models';
import { OUTBOX_MODELS as INBOX } from './inbox/outbox-models';

/**
 * Publishes the events of the exchange service from the outboxes of every part's models that
 * carry one. Each part lists them in its outbox-models.ts (names from its schema files only), so
 * that services may inject this relay without an import cycle through the parts.
 */
export class OutboxRelayService extends outboxRelayService(EXCHANGE_CONFIG, [
  ...POSTINGS,
  ...CADRES,
  ...PLACEMENTS,
  ...TRACKING,
  ...INBOX,
]) {}
