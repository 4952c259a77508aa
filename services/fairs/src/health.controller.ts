import { healthControllerFor } from '@qingshui/persistence';
import { OutboxRelayService } from './outbox-relay.service';
import { RegistrationJobs } from './registrations/registration-jobs';

/** Ready when MongoDB, the outbox producer (Kafka) and the offer queue's Redis answer. */
export const HealthController = healthControllerFor(OutboxRelayService, RegistrationJobs);
