import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import {
  AppError,
  hasRole,
  type ChallengesForExpert,
  type ExpertSearchResultPage,
  type ExpertsForChallenge,
  type MatchRequest,
  type Principal,
  type SearchExpertsQuery,
} from '@qingshui/contracts';
import { EXPERT_MODEL, type ExpertDocument } from '../experts/expert.schema';
import { toProfile } from '../experts/expert.views';
import { CHALLENGE_MODEL, type ChallengeDocument } from '../challenges/challenge.schema';
import { canRead, isConcerned } from '../challenges/challenge.rules';
import { MatchIndexService } from './match-index.service';
import { WEIGHTS } from '../matching/weights';

const SUMMARY_PROJECTION = {
  name: 1,
  title: 1,
  institution: 1,
  region: 1,
  academician: 1,
  verified: 1,
} as const;

/** Search and matching, answered from the in-memory index and explained part by part. */
@Injectable()
export class MatchesService {
  constructor(
    private readonly index: MatchIndexService,
    @InjectModel(EXPERT_MODEL) private readonly experts: Model<ExpertDocument>,
    @InjectModel(CHALLENGE_MODEL) private readonly challenges: Model<ChallengeDocument>,
  ) {}

  private assertReady(): void {
    if (!this.index.ready) {
      throw new AppError(
        503,
        'DEPENDENCY_UNAVAILABLE',
        'The matching index is still being built; try again shortly',
      );
    }
  }

  /** Keyword search (jieba-segmented, BM25) with filters; profiles as the caller may see them. */
  async search(query: SearchExpertsQuery, viewer: Principal): Promise<ExpertSearchResultPage> {
    this.assertReady();
    const { page, pageSize, ...filters } = query;
    const hits = this.index.experts.search(filters, { page, pageSize });
    const docs = await this.experts
      .find({ _id: { $in: hits.items.map((h) => h.expertId) } }, { outbox: 0, outboxPending: 0 })
      .lean<ExpertDocument[]>()
      .exec();
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    return {
      items: hits.items.flatMap((hit) => {
        const doc = byId.get(hit.expertId);
        return doc
          ? [{ expert: toProfile(doc, viewer), relevance: hit.relevance, matchedTerms: hit.matchedTerms }]
          : [];
      }),
      total: hits.total,
      page: hits.page,
      pageSize: hits.pageSize,
    };
  }

  /** The experts who fit a challenge best, for those concerned with it; conflicts listed apart. */
  async expertsForChallenge({ id, limit }: MatchRequest, principal: Principal): Promise<ExpertsForChallenge> {
    this.assertReady();
    const doc = await this.challenges
      .findById(id, { poster: 1, county: 1, pairedDistrict: 1, status: 1, publishedAt: 1 })
      .lean<ChallengeDocument>()
      .exec();
    // A challenge the caller may not read does not exist for them: the same 404 as a missing one.
    if (!doc || !canRead(principal, { ...doc, publishedAt: doc.publishedAt ?? undefined }))
      throw AppError.notFound(`No challenge with id ${id}`);
    if (!isConcerned(principal, doc)) {
      throw AppError.forbidden('Matches are for the poster, the county’s and the paired district’s cadres');
    }
    const challenge = this.index.challenges.get(id);
    if (!challenge) throw AppError.notFound(`No challenge with id ${id}`);
    const ranked = this.index.experts.rankExpertsForChallenge(challenge, { limit });
    const summaries = await this.expertSummaries([
      ...ranked.items.map((m) => m.expertId),
      ...ranked.excluded.map((e) => e.expertId),
    ]);
    return {
      challengeId: id,
      weights: WEIGHTS,
      items: ranked.items.flatMap(({ expertId, ...explanation }) => {
        const expert = summaries.get(expertId);
        return expert ? [{ expert, ...explanation }] : [];
      }),
      excluded: ranked.excluded.flatMap(({ expertId, reason, detail }) => {
        const expert = summaries.get(expertId);
        return expert ? [{ expert, reason, detail }] : [];
      }),
    };
  }

  /** Open challenges ranked for an expert: for the expert, cadres and admins. */
  async challengesForExpert({ id, limit }: MatchRequest, principal: Principal): Promise<ChallengesForExpert> {
    this.assertReady();
    const owner = await this.experts.findById(id, { userId: 1 }).lean<ExpertDocument>().exec();
    if (!owner) throw AppError.notFound(`No expert with id ${id}`);
    if (owner.userId !== principal.userId && !hasRole(principal, 'cadre', 'admin')) {
      throw AppError.forbidden('Only the expert, cadres and admins see an expert’s matches');
    }
    if (!this.index.experts.has(id)) throw AppError.notFound(`No expert with id ${id}`);
    const ranked = this.index.experts.rankChallengesForExpert(id, this.index.challenges, { limit });
    const ids = [...ranked.items.map((m) => m.challengeId), ...ranked.excluded.map((e) => e.challengeId)];
    const docs = await this.challenges
      .find({ _id: { $in: ids } }, { title: 1, county: 1, field: 1, deadline: 1, status: 1 })
      .lean<ChallengeDocument[]>()
      .exec();
    const byId = new Map(
      docs.map((c) => [
        c._id,
        {
          id: c._id,
          title: c.title,
          county: c.county,
          field: c.field,
          deadline: new Date(c.deadline).toISOString(),
          status: c.status,
        },
      ]),
    );
    return {
      expertId: id,
      weights: WEIGHTS,
      items: ranked.items.flatMap(({ challengeId, ...explanation }) => {
        const challenge = byId.get(challengeId);
        return challenge ? [{ challenge, ...explanation }] : [];
      }),
      excluded: ranked.excluded.flatMap(({ challengeId, reason, detail }) => {
        const challenge = byId.get(challengeId);
        return challenge ? [{ challenge, reason, detail }] : [];
      }),
    };
  }

  private async expertSummaries(ids: string[]) {
    const docs = await this.experts
      .find({ _id: { $in: ids } }, SUMMARY_PROJECTION)
      .lean<ExpertDocument[]>()
      .exec();
    return new Map(
      docs.map((doc) => [
        doc._id,
        {
          id: doc._id,
          name: doc.name,
          title: doc.title,
          institution: doc.institution,
          region: doc.region,
          academician: doc.academician ?? false,
          verified: doc.verified ?? false,
        },
      ]),
    );
  }
}
