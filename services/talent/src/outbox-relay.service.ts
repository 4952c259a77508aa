import { outboxRelayService } from '@qingshui/messaging';
import { EXPERT_MODEL } from './experts/expert.schema';
import { CHALLENGE_MODEL } from './challenges/challenge.schema';
import { TALENT_CONFIG } from './tokens';

/** Publishes the events of experts and challenges from their outboxes. */
export class OutboxRelayService extends outboxRelayService(TALENT_CONFIG, [EXPERT_MODEL, CHALLENGE_MODEL]) {}
