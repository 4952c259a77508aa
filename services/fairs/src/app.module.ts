import { DynamicModule, RequestMethod, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { PersistenceModule } from '@qingshui/persistence';
import type { FairsConfig } from './config';
import { FAIRS_CONFIG } from './tokens';
import { FAIR_MODEL, FairSchema } from './fairs/fair.schema';
import { FairsService } from './fairs/fairs.service';
import { FairsMessages } from './fairs/fairs.messages';
import { FairReports } from './fairs/fair-report';
import { OutboxRelayService } from './outbox-relay.service';
import { HealthController } from './health.controller';
import { exhibitorsPart } from './exhibitors/exhibitors.part';
import { registrationsPart } from './registrations/registrations.part';
import { checkinPart } from './checkin/checkin.part';

const PARTS = [exhibitorsPart, registrationsPart, checkinPart];

@Module({})
export class AppModule {
  static forRoot(config: FairsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino's default route is the legacy '*', which Nest 11 warns about at start.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: { level: config.logLevel, name: 'fairs', autoLogging: false },
        }),
        PersistenceModule.forRoot(config.mongo),
        MongooseModule.forFeature([
          { name: FAIR_MODEL, schema: FairSchema },
          ...PARTS.flatMap((part) => part.models),
        ]),
        TerminusModule,
      ],
      controllers: [FairsMessages, ...PARTS.flatMap((part) => part.controllers), HealthController],
      providers: [
        { provide: FAIRS_CONFIG, useValue: config },
        FairsService,
        FairReports,
        OutboxRelayService,
        ...PARTS.flatMap((part) => part.providers),
      ],
    };
  }
}
