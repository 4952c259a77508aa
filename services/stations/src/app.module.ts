import { DynamicModule, RequestMethod, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { PersistenceModule } from '@qingshui/persistence';
import type { StationsConfig } from './config';
import { STATIONS_CONFIG } from './tokens';
import { STATION_MODEL, StationSchema } from './stations/station.schema';
import { StationsService } from './stations/stations.service';
import { StationsMessages } from './stations/stations.messages';
import { SLOT_MODEL, SlotSchema } from './slots/slot.schema';
import { SlotStore } from './slots/slot-store';
import { SlotsService } from './slots/slots.service';
import { SlotsMessages } from './slots/slots.messages';
import { BookingBatches } from './bookings/booking-batches';
import { BookingsService } from './bookings/bookings.service';
import { AttendanceService } from './bookings/attendance.service';
import { BookingsMessages } from './bookings/bookings.messages';
import { ToursService } from './tours/tours.service';
import { ToursMessages } from './tours/tours.messages';
import { CALENDAR_MODEL, CalendarSchema } from './calendar/calendar.schema';
import { CalendarsService } from './calendar/calendar.service';
import { ExpertsDirectory } from './experts/experts-directory';
import { StationJobs } from './jobs/station-jobs';
import { StationWorker } from './jobs/station-worker';
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
      controllers: [StationsMessages, SlotsMessages, BookingsMessages, ToursMessages, HealthController],
      providers: [
        { provide: STATIONS_CONFIG, useValue: config },
        StationsService,
        CalendarsService,
        SlotStore,
        SlotsService,
        BookingBatches,
        BookingsService,
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
