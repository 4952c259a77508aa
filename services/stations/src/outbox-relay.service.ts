import { outboxRelayService } from '@qingshui/messaging';
import { STATION_MODEL } from './stations/station.schema';
import { SLOT_MODEL } from './slots/slot.schema';
import { STATIONS_CONFIG } from './tokens';

/** Publishes the events of stations and slots (tours included) from their outboxes. */
export class OutboxRelayService extends outboxRelayService(STATIONS_CONFIG, [STATION_MODEL, SLOT_MODEL]) {}
