import { healthControllerFor } from '@qingshui/persistence';
import { OutboxRelayService } from './outbox-relay.service';
import { StationJobs } from './jobs/station-jobs';

/** Ready when MongoDB, the outbox producer (Kafka) and the job queue's Redis answer. */
export const HealthController = healthControllerFor(OutboxRelayService, StationJobs);
