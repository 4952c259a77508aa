import { Injectable } from '@nestjs/common';
import {
  AppError,
  hasRole,
  type MatchesRequest,
  type NeedMatches,
  type Principal,
  type ProjectMatches,
} from '@qingshui/contracts';
import { NeedsService } from '../needs/needs.service';
import { canSeeConfidential, needFull, needView } from '../needs/need.decide';
import type { NeedDocument } from '../needs/need.schema';
import { ProjectsService } from '../projects/projects.service';
import { canEditProject, projectCard } from '../projects/project.decide';
import type { ProjectDocument } from '../projects/project.schema';
import { rank, scoreMatch, type NeedFacts, type ProjectFacts } from './scoring';

const needFacts = (doc: NeedDocument): NeedFacts => {
  const { counties, ...full } = needFull(doc);
  return { ...full, counties };
};
const projectFacts = (doc: ProjectDocument): ProjectFacts => doc;

/**
 * Matching both ways, computed on each request from the library and the open needs (at the
 * programme's scale, a few hundred projects and needs: see the README for the limit).
 */
@Injectable()
export class MatchingService {
  constructor(
    private readonly needs: NeedsService,
    private readonly projects: ProjectsService,
  ) {}

  /**
   * A need's projects: for those who may read all of the need (its organisation, the cadres of
   * its counties and their paired districts, admins). Projects of every county are ranked, not
   * only the preferred ones, so that the explanation can show why another county fits less.
   */
  async forNeed({ id, page, pageSize }: MatchesRequest, principal: Principal): Promise<NeedMatches> {
    const need = await this.needs.load(id);
    if (!canSeeConfidential(principal, need))
      throw AppError.forbidden(
        'A need’s matches are for its organisation, the cadres of its counties and their paired districts, and admins',
      );
    const facts = needFacts(need);
    const now = new Date();
    const ranked = rank(
      await this.projects.all(),
      (project) => scoreMatch(facts, projectFacts(project), now),
      (project) => project._id,
    );
    const slice = ranked.slice((page - 1) * pageSize, page * pageSize);
    return {
      needId: id,
      items: slice.map(({ item, explanation }) => ({
        ...explanation,
        project: { ...projectCard(item), canEdit: canEditProject(principal, item) },
      })),
      total: ranked.length,
      page,
      pageSize,
    };
  }

  /**
   * A project's open needs: for the cadres of its county and its paired district, and admins.
   * Each need shows its confidential details only to whom the need's own rule allows.
   */
  async forProject({ id, page, pageSize }: MatchesRequest, principal: Principal): Promise<ProjectMatches> {
    const project = await this.projects.load(id);
    const mayRead =
      hasRole(principal, 'admin') ||
      (hasRole(principal, 'cadre') &&
        (principal.region === project.county || principal.region === project.pairedDistrict));
    if (!mayRead)
      throw AppError.forbidden(
        'A project’s matches are for the cadres of its county and its paired district, and admins',
      );
    const facts = projectFacts(project);
    const now = new Date();
    const ranked = rank(
      await this.needs.open(),
      (need) => scoreMatch(needFacts(need), facts, now),
      (need) => need._id,
    );
    const slice = ranked.slice((page - 1) * pageSize, page * pageSize);
    return {
      projectId: id,
      items: slice.map(({ item, explanation }) => ({ ...explanation, need: needView(item, principal) })),
      total: ranked.length,
      page,
      pageSize,
    };
  }
}
