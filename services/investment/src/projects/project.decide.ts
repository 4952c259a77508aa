import {
  AppError,
  event,
  hasRole,
  PROJECT_FIELDS,
  type CreateProjectInput,
  type EventSpec,
  type ProjectCard,
  type ProjectChange,
  type ProjectFull,
  type Principal,
  type ProjectView,
  type UpdateProjectInput,
} from '@qingshui/contracts';
import { COUNTY_IDS, pairOf } from '@qingshui/regions';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { ProjectDocument, ProjectHistoryRecord } from './project.schema';

// Pure decisions about the county project library: who edits, who sees who changed what, the
// field-level diff of each change. No I/O here; unit-tested in project.decide.spec.ts.

export type NewProject = Omit<ProjectDocument, 'outbox' | 'outboxPending'>;

const isCadreOf = (principal: Principal, region: string) =>
  hasRole(principal, 'cadre') && principal.region === region;

/** The county's cadres and admins keep its projects. */
export const canEditProject = (principal: Principal, doc: Pick<NewProject, 'county'>): boolean =>
  hasRole(principal, 'admin') || isCadreOf(principal, doc.county);

/** Who changed what: for those who keep the project and the paired district's cadres. */
export const seesAuthors = (
  principal: Principal,
  doc: Pick<NewProject, 'county' | 'pairedDistrict'>,
): boolean => canEditProject(principal, doc) || isCadreOf(principal, doc.pairedDistrict);

const iso = (at: Date | string) => new Date(at).toISOString();

export function projectCard(doc: NewProject): Omit<ProjectCard, 'canEdit'> {
  return {
    id: doc._id,
    county: doc.county,
    pairId: doc.pairId,
    title: doc.title,
    fundingArea: doc.fundingArea,
    field: doc.field,
    investmentSought: { minYuan: doc.investmentSought.minYuan, maxYuan: doc.investmentSought.maxYuan },
    ...(doc.landMu !== undefined ? { landMu: doc.landMu } : {}),
    site: doc.site,
    policySupport: doc.policySupport,
    status: doc.status,
    inPlan: doc.inPlan,
    ...(doc.planYear !== undefined ? { planYear: doc.planYear } : {}),
    description: doc.description,
    version: doc.version,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

const historyEntry = (h: ProjectHistoryRecord, authors: boolean) => ({
  at: iso(h.at),
  action: h.action,
  changes: h.changes,
  ...(authors ? { by: h.by, ...(h.byName ? { byName: h.byName } : {}) } : {}),
});

/** What the events carry to the county's and the pair's cadres. */
export function projectFull(doc: NewProject): ProjectFull {
  return { ...projectCard(doc), history: doc.history.map((h) => historyEntry(h, true)) };
}

export function projectView(doc: NewProject, principal: Principal): ProjectView {
  const authors = seesAuthors(principal, doc);
  return {
    ...projectCard(doc),
    history: doc.history.map((h) => historyEntry(h, authors)),
    canEdit: canEditProject(principal, doc),
  };
}

/** The county a project goes into: a county cadre's own; the one an admin names. */
function countyOf(input: CreateProjectInput, principal: Principal): string {
  if (hasRole(principal, 'admin')) {
    if (!input.county)
      throw AppError.validation([{ field: 'county', message: 'Name the county of the project' }]);
    return input.county;
  }
  if (!hasRole(principal, 'cadre') || !principal.region || !COUNTY_IDS.includes(principal.region))
    throw AppError.forbidden('Only a county’s cadres (and admins) add projects to its library');
  if (input.county && input.county !== principal.region)
    throw AppError.forbidden(`Your county is ${principal.region}: only its library is yours to keep`);
  return principal.region;
}

const byOf = (principal: Principal) => ({
  by: principal.userId,
  ...(principal.name ? { byName: principal.name } : {}),
});

export function decideCreate(
  input: CreateProjectInput,
  principal: Principal,
  { now, newId }: DecisionContext,
): { doc: NewProject; events: EventSpec[]; reply: ProjectView } {
  const county = countyOf(input, principal);
  const pair = pairOf(county)!;
  const { county: _county, ...fields } = input;
  const doc: NewProject = {
    _id: newId(),
    county,
    pairId: pair.id,
    pairedDistrict: pair.beijing.id,
    ...fields,
    history: [{ at: now, action: 'created', changes: [], ...byOf(principal) }],
    createdBy: principal.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return {
    doc,
    events: [event('investment.project.created.v1', { project: projectFull(doc) })],
    reply: projectView(doc, principal),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields a patch changes, each from what to what, in the library's field order. */
export function diff(doc: NewProject, patch: UpdateProjectInput): ProjectChange[] {
  const before = doc as unknown as Record<string, unknown>;
  const after = patch as Record<string, unknown>;
  return PROJECT_FIELDS.filter((field) => field in after && !same(before[field], after[field])).map(
    (field) => ({
      field,
      ...(before[field] !== undefined ? { from: before[field] } : {}),
      ...(after[field] !== undefined ? { to: after[field] } : {}),
    }),
  );
}

/** A change by the county's cadres or an admin, kept field by field in the history. */
export function decideUpdate(
  patch: UpdateProjectInput,
  principal: Principal,
): (doc: ProjectDocument, context: DecisionContext) => Decision<ProjectDocument, ProjectView> {
  return (doc, { now }) => {
    if (!canEditProject(principal, doc))
      throw AppError.forbidden('Only the county’s cadres and admins change its projects');
    const inPlan = patch.inPlan ?? doc.inPlan;
    const planYear = patch.planYear ?? doc.planYear;
    if (inPlan && planYear === undefined)
      throw AppError.validation([
        { field: 'planYear', message: 'A project in the plan names its plan year' },
      ]);
    const changes = diff(doc, patch);
    if (changes.length === 0) return { unchanged: projectView(doc, principal) };
    const set = Object.fromEntries(changes.map((c) => [c.field, c.to])) as Partial<ProjectDocument>;
    const entry: ProjectHistoryRecord = { at: now, action: 'updated', changes, ...byOf(principal) };
    const next: NewProject = {
      ...doc,
      ...set,
      history: [...doc.history, entry],
      updatedAt: now,
      version: doc.version + 1,
    };
    return {
      set,
      push: { history: entry },
      events: [event('investment.project.updated.v1', { project: projectFull(next), changes })],
      reply: projectView(next, principal),
    };
  };
}
