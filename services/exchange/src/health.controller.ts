import { healthControllerFor } from '@qingshui/persistence';
import { OutboxRelayService } from './outbox-relay.service';

/** Ready when MongoDB and the outbox producer (Kafka) answer. */
export const HealthController = healthControllerFor(OutboxRelayService);
