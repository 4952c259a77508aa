import { DynamicModule, RequestMethod, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { PersistenceModule } from '@qingshui/persistence';
import type { TalentConfig } from './config';
import { TALENT_CONFIG } from './tokens';
import { EXPERT_MODEL, ExpertSchema } from './experts/expert.schema';
import { ExpertsService } from './experts/experts.service';
import { ExpertsMessages } from './experts/experts.messages';
import { CHALLENGE_MODEL, ChallengeSchema } from './challenges/challenge.schema';
import { ChallengesService } from './challenges/challenges.service';
import { ChallengesMessages } from './challenges/challenges.messages';
import { ChallengeDeadlines } from './challenges/challenge-deadlines';
import { DeadlineWorker } from './challenges/deadline-worker';
import { OutboxRelayService } from './outbox-relay.service';
import { HealthController } from './health.controller';
import { MatchIndexService } from './matches/match-index.service';
import { EngagementsConsumer } from './experts/engagements.consumer';
import { MatchesService } from './matches/matches.service';
import { MatchesMessages } from './matches/matches.messages';

@Module({})
export class AppModule {
  static forRoot(config: TalentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino's default route is the legacy '*', which Nest 11 warns about at start.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: { level: config.logLevel, name: 'talent', autoLogging: false },
        }),
        PersistenceModule.forRoot(config.mongo),
        MongooseModule.forFeature([
          { name: EXPERT_MODEL, schema: ExpertSchema },
          { name: CHALLENGE_MODEL, schema: ChallengeSchema },
        ]),
        TerminusModule,
      ],
      controllers: [ExpertsMessages, ChallengesMessages, MatchesMessages, HealthController],
      providers: [
        { provide: TALENT_CONFIG, useValue: config },
        ExpertsService,
        ChallengesService,
        MatchIndexService,
        EngagementsConsumer,
        MatchesService,
        ChallengeDeadlines,
        DeadlineWorker,
        OutboxRelayService,
      ],
    };
  }
}
