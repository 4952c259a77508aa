import { DynamicModule, RequestMethod, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { PersistenceModule } from '@qingshui/persistence';
import type { ExchangeConfig } from './config';
import { EXCHANGE_CONFIG } from './tokens';
import { OutboxRelayService } from './outbox-relay.service';
import { HealthController } from './health.controller';
import { EXCHANGE_PARTS } from './parts';

@Module({})
export class AppModule {
  static forRoot(config: ExchangeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino's default route is the legacy '*', which Nest 11 warns about at start.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: { level: config.logLevel, name: 'exchange', autoLogging: false },
        }),
        PersistenceModule.forRoot(config.mongo),
        MongooseModule.forFeature(EXCHANGE_PARTS.flatMap((part) => part.models)),
        TerminusModule,
      ],
      controllers: [...EXCHANGE_PARTS.flatMap((part) => part.controllers), HealthController],
      providers: [
        { provide: EXCHANGE_CONFIG, useValue: config },
        OutboxRelayService,
        ...EXCHANGE_PARTS.flatMap((part) => part.providers),
      ],
    };
  }
}
