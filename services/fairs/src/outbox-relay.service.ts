import { outboxRelayService } from '@qingshui/messaging';
import { FAIR_MODEL } from './fairs/fair.schema';
import { FAIRS_CONFIG } from './tokens';
import { exhibitorsPart } from './exhibitors/exhibitors.part';
import { registrationsPart } from './registrations/registrations.part';
import { checkinPart } from './checkin/checkin.part';

/** Publishes the events of fairs from their outboxes: every part's models that carry one. */
export class OutboxRelayService extends outboxRelayService(FAIRS_CONFIG, [
  FAIR_MODEL,
  ...exhibitorsPart.outboxModels,
  ...registrationsPart.outboxModels,
  ...checkinPart.outboxModels,
]) {}
