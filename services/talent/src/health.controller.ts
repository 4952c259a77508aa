import { healthControllerFor } from '@qingshui/persistence';
import { OutboxRelayService } from './outbox-relay.service';
import { ChallengeDeadlines } from './challenges/challenge-deadlines';

/** Ready when MongoDB, the outbox producer (Kafka) and the deadline queue's Redis answer. */
export const HealthController = healthControllerFor(OutboxRelayService, ChallengeDeadlines);
