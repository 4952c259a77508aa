import { outboxRelayService } from '@qingshui/messaging';
import { FAIR_MODEL } from './fairs/fair.schema';
import { FAIRS_CONFIG } from './tokens';

/** Publishes the events of fairs from their outboxes. */
export class OutboxRelayService extends outboxRelayService(FAIRS_CONFIG, [FAIR_MODEL]) {}
