import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Connection, Model } from 'mongoose';
import type { Logger } from 'pino';
import {
  ApplicationEvents,
  ChallengeEvents,
  CheckinEvents,
  ExhibitorEvents,
  FairEvents,
  TalentEvents,
  type Envelope,
  type EventTopic,
  type Principal,
} from '@qingshui/contracts';
import {
  MongoInbox,
  subscribeEvents,
  type CommandContext,
  type ConsumerSubscription,
} from '@qingshui/messaging';
import { INVESTMENT_CONFIG } from '../tokens';
import type { InvestmentConfig } from '../config';
import { LeadsService } from '../leads/leads.service';
import { LINEAGE_LOOKUP_MODEL, type LineageLookupDocument } from './enterprise.schema';
import { EnterprisesService } from './enterprises.service';
import { EnterpriseIndexService } from './enterprise-index.service';
import {
  exhibitorCounty,
  planChallengeAward,
  planFairScan,
  type CapturedLead,
  type ExhibitorFacts,
  type ExpertFacts,
  type FairFacts,
  type PlanOutcome,
} from './lineage.decide';

/** Who lineage acts as: the service itself (envelopes and lead history name it). */
export const LINEAGE_PRINCIPAL: Principal = {
  userId: 'system:investment-lineage',
  username: 'investment-lineage',
  roles: ['admin'],
};

/** How long a scan waits for its exhibitor's acceptance to be learnt before doing without. */
const EXHIBITOR_PATIENCE_MS = 3000;

export const LINEAGE_TOPICS = [
  CheckinEvents.leadCaptured,
  ExhibitorEvents.accepted,
  FairEvents.created,
  FairEvents.updated,
  ChallengeEvents.awarded,
  ApplicationEvents.awarded,
  TalentEvents.expertRegistered,
  TalentEvents.expertUpdated,
] as const satisfies readonly EventTopic[];

/**
 * Lineage (issue #11, item 8): a booth scan at a fair (fairs.lead.captured.v1) and an awarded
 * challenge (talent.challenge.awarded.v1 / talent.application.awarded.v1) become leads through
 * LeadsService.openFromOrigin, one per origin key; what they need besides the event (exhibitors'
 * counties, fairs' titles, experts' institutions) is learnt from the same producers' events into
 * a small lookup read by `_id`. One consumer group for all instances, from the topics' beginning
 * (a new environment replays its history), an inbox against redelivery; the leads part keeps a
 * later event of the same origin as one activity, once per event id.
 */
@Injectable()
export class LineageConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: ConsumerSubscription | undefined;

  constructor(
    @Inject(INVESTMENT_CONFIG) private readonly config: InvestmentConfig,
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(LINEAGE_LOOKUP_MODEL) private readonly lookups: Model<LineageLookupDocument>,
    private readonly enterprises: EnterprisesService,
    private readonly indexes: EnterpriseIndexService,
    private readonly leads: LeadsService,
    @InjectPinoLogger('lineage') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'lineage',
      groupId: `${this.config.kafka.groupId}-lineage`,
      topics: LINEAGE_TOPICS,
      fromBeginning: true,
      logger: this.logger.logger,
      inbox: new MongoInbox(this.connection, 'investment-lineage'),
      handler: (envelope, { logger }) => this.handle(envelope as Envelope, logger),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  /** One event (exposed for tests and the bench). */
  async handle(envelope: Envelope, logger: Logger): Promise<void> {
    const payload = envelope.payload as Record<string, never>;
    switch (envelope.type) {
      case ExhibitorEvents.accepted: {
        const { application } = payload as unknown as {
          application: {
            fairId: string;
            enterprise: { orgId: string; name: string; region: string };
            boothIds: string[];
          };
        };
        const facts: ExhibitorFacts = {
          enterpriseName: application.enterprise.name,
          region: application.enterprise.region,
          boothIds: application.boothIds,
        };
        await this.remember(`exhibitor:${application.fairId}:${application.enterprise.orgId}`, facts);
        await this.remember(`org:${application.enterprise.orgId}`, { name: application.enterprise.name });
        return;
      }
      case FairEvents.created:
      case FairEvents.updated: {
        const { fair } = payload as unknown as { fair: { id: string; title: string; pairIds: string[] } };
        await this.remember(`fair:${fair.id}`, {
          title: fair.title,
          pairIds: fair.pairIds,
        } satisfies FairFacts);
        return;
      }
      case TalentEvents.expertRegistered:
      case TalentEvents.expertUpdated: {
        const { expert } = payload as unknown as {
          expert: { id: string; name: string; institution: string };
        };
        await this.remember(`expert:${expert.id}`, {
          name: expert.name,
          institution: expert.institution,
        } satisfies ExpertFacts);
        return;
      }
      case CheckinEvents.leadCaptured: {
        const { lead, rescan } = payload as unknown as { lead: CapturedLead; rescan: boolean };
        // An exhibitor is accepted long before it scans, but a consumer replaying the topics
        // from their start reads them side by side: give the acceptance a moment to land.
        const [exhibitor, fair] = await Promise.all([
          this.recall<ExhibitorFacts>(
            `exhibitor:${lead.fairId}:${lead.enterpriseOrgId}`,
            EXHIBITOR_PATIENCE_MS,
          ),
          this.recall<FairFacts>(`fair:${lead.fairId}`),
        ]);
        const county = exhibitorCounty(
          exhibitor,
          fair,
          this.indexes.index.byOrg(lead.enterpriseOrgId)?.region,
        );
        await this.open(
          planFairScan({ lead, rescan, eventId: envelope.id, county, exhibitor, fair }),
          'fair-scan',
          envelope,
          logger,
        );
        return;
      }
      case ChallengeEvents.awarded:
      case ApplicationEvents.awarded: {
        const { challenge, application, transition } = payload as unknown as {
          challenge: Parameters<typeof planChallengeAward>[0]['challenge'];
          application?: { leaderExpertId: string };
          transition?: { at: string };
        };
        const expertId = application?.leaderExpertId;
        const expert = expertId ? await this.recall<ExpertFacts>(`expert:${expertId}`) : undefined;
        const posterName =
          this.indexes.index.byOrg(challenge.poster.orgId)?.name ??
          (await this.recall<{ name: string }>(`org:${challenge.poster.orgId}`))?.name;
        const awardedAt = transition?.at ?? envelope.occurredAt;
        await this.open(
          planChallengeAward({ challenge, posterName, expertId, expert, awardedAt }),
          'challenge',
          envelope,
          logger,
        );
        return;
      }
      default:
        return;
    }
  }

  private async open(
    outcome: PlanOutcome,
    source: 'fair-scan' | 'challenge',
    envelope: Envelope,
    logger: Logger,
  ): Promise<void> {
    if ('skip' in outcome) {
      logger.debug({ eventId: envelope.id, why: outcome.skip }, 'no lead from this event');
      return;
    }
    const { investor, ...plan } = outcome.plan;
    const ctx: CommandContext = {
      principal: LINEAGE_PRINCIPAL,
      correlationId: envelope.correlationId,
      logger,
    };
    const enterprise = investor.orgId
      ? await this.enterprises.ensureForOrg(investor.orgId, investor.name, investor.region, source, ctx)
      : await this.enterprises.ensureByName(investor.name, investor.region, source, ctx);
    const { leadId, created } = await this.leads.openFromOrigin({ ...plan, enterprise }, ctx);
    logger.info(
      { leadId, created, originKey: plan.originKey },
      created ? 'lead opened from origin' : 'origin event recorded',
    );
  }

  private async remember(id: string, data: object): Promise<void> {
    await this.lookups.updateOne({ _id: id }, { $set: { data, at: new Date() } }, { upsert: true });
  }

  /** What was learnt under `id`; waiting up to `patienceMs` for it to be learnt. */
  private async recall<T>(id: string, patienceMs = 0): Promise<T | undefined> {
    const deadline = Date.now() + patienceMs;
    for (;;) {
      const doc = await this.lookups.findById(id).lean<LineageLookupDocument>().exec();
      if (doc) return doc.data as T;
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
