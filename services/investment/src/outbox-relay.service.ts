import { outboxRelayService } from '@qingshui/messaging';
import { INVESTMENT_CONFIG } from './tokens';
import { OUTBOX_MODELS as NEEDS } from './needs/outbox-models';
import { OUTBOX_MODELS as PROJECTS } from './projects/outbox-models';
import { OUTBOX_MODELS as MATCHING } from './matching/outbox-models';
import { OUTBOX_MODELS as LEADS } from './leads/outbox-models';
import { OUTBOX_MODELS as ASSIGNMENT } from './assignment/outbox-models';
import { OUTBOX_MODELS as ENTERPRISES } from './enterprises/outbox-models';

/**
 * Publishes the events of the investment service from the outboxes of every part's models that
 * carry one. Each part lists them in its outbox-models.ts (names from its schema files only), so
 * that services may inject this relay without an import cycle through the parts.
 */
export class OutboxRelayService extends outboxRelayService(INVESTMENT_CONFIG, [
  ...NEEDS,
  ...PROJECTS,
  ...MATCHING,
  ...LEADS,
  ...ASSIGNMENT,
  ...ENTERPRISES,
]) {}
