import { DynamicModule, RequestMethod, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { PersistenceModule } from '@qingshui/persistence';
import type { StationsConfig } from './config';
import { STATIONS_CONFIG } from './tokens';
import { STATION_MODEL, StationSchema } from './stations/station.schema';
import { StationsService } from './stations/stations.service';
import { CALENDAR_MODEL, CalendarSchema, SLOT_MODEL, SlotSchema } from './slots/slot.schema';
import { SlotsService } from './slots/slots.service';
import { SlotStore } from './slots/slot-store';
import { BookingBatches } from './slots/booking-batches';
import { AttendanceService } from './slots/attendance.service';
import { CalendarsService } from './slots/calendars.service';
import { StationJobs } from './slots/station-jobs';
import { StationWorker } from './slots/station-worker';
import { ToursService } from './tours/tours.service';
import { ExpertsDirectory } from './experts/experts-directory';
import { StationsMessages } from './slots/stations.messages';
import { OutboxRelayService } from './outbox-relay.service';
import { HealthController } from './health.controller';

@Module({})
export class AppModule {
  static forRoot(config: StationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino's default route is the legacy '*', which Nest 11 warns about at start.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: { level: config.logLevel, name: 'stations', autoLogging: false },
        }),
        PersistenceModule.forRoot(config.mongo),
        MongooseModule.forFeature([
          { name: STATION_MODEL, schema: StationSchema },
          { name: SLOT_MODEL, schema: SlotSchema },
          { name: CALENDAR_MODEL, schema: CalendarSchema },
        ]),
        TerminusModule,
      ],
      controllers: [StationsMessages, HealthController],
      providers: [
        { provide: STATIONS_CONFIG, useValue: config },
        StationsService,
        CalendarsService,
        SlotStore,
        SlotsService,
        BookingBatches,
        AttendanceService,
        ToursService,
        ExpertsDirectory,
        StationJobs,
        StationWorker,
        OutboxRelayService,
      ],
    };
  }
}
