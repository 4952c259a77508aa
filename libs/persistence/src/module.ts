import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import type { Connection } from 'mongoose';
import type { PersistenceConfig } from './config';

/** One mongoose connection per service database, with timeouts that fail fast instead of hanging. */
@Module({})
export class PersistenceModule {
  static forRoot(config: PersistenceConfig): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TerminusModule,
        MongooseModule.forRoot(config.url, {
          dbName: config.dbName,
          serverSelectionTimeoutMS: 5000,
          connectTimeoutMS: 5000,
          maxPoolSize: 50,
          // Indexes are part of the invariants (unique user per profile), so build them at start.
          autoIndex: true,
        }),
      ],
      providers: [MongoHealthIndicator],
      exports: [MongooseModule, MongoHealthIndicator],
      global: true,
    };
  }
}

@Injectable()
export class MongoHealthIndicator {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'mongodb') {
    const indicator = this.health.check(key);
    try {
      await this.connection.db?.admin().ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
